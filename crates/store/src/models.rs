//! Maturity models, stored as their TOML source so a round always reads the version it pinned.

use crate::{now, Result, Store, StoreError};
use trappe_core::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelImport {
    Added,
    AlreadyPresent,
}

impl Store {
    /// Stores a validated model. The same id and version with other content is refused:
    /// a changed model needs a new version, so rounds already run keep their results.
    pub async fn import_model(&self, model: &Model, source: &str) -> Result<ModelImport> {
        let mut tx = self.write().await?;
        let existing: Option<(String,)> =
            sqlx::query_as("SELECT source FROM models WHERE id = $1 AND version = $2")
                .bind(&model.id)
                .bind(&model.version)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((old,)) = existing {
            return match Model::from_toml(&old) {
                Ok(stored) if &stored == model => Ok(ModelImport::AlreadyPresent),
                _ => Err(StoreError::Conflict(format!(
                    "model {} is already stored with other content; give the changed model a new version",
                    model.key()
                ))),
            };
        }
        sqlx::query(
            "INSERT INTO models (id, version, source, imported_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&model.id)
        .bind(&model.version)
        .bind(source)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ModelImport::Added)
    }

    /// A stored model; without a version, the most recently imported one of that id.
    pub async fn model(&self, id: &str, version: Option<&str>) -> Result<Option<Model>> {
        Ok(self
            .model_shared(id, version)
            .await?
            .map(|m| Model::clone(&m)))
    }

    /// As [`Store::model`], without copying the model (each questionnaire page reads its
    /// round's model: a copy is thousands of small allocations).
    pub async fn model_shared(
        &self,
        id: &str,
        version: Option<&str>,
    ) -> Result<Option<std::sync::Arc<Model>>> {
        // A stored version never changes: a pinned one parsed before needs no query.
        if let Some(v) = version {
            let key = format!("{id}@{v}");
            if let Some(m) = self.models.lock().ok().and_then(|c| c.get(&key).cloned()) {
                return Ok(Some(m));
            }
        }
        let row: Option<(String, String)> = match version {
            Some(v) => {
                sqlx::query_as("SELECT version, source FROM models WHERE id = $1 AND version = $2")
                    .bind(id)
                    .bind(v)
                    .fetch_optional(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT version, source FROM models WHERE id = $1 ORDER BY imported_at DESC, version DESC LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
            }
        };
        let Some((v, src)) = row else { return Ok(None) };
        let key = format!("{id}@{v}");
        if let Some(m) = self.models.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(Some(m));
        }
        let m =
            std::sync::Arc::new(Model::from_toml(&src).map_err(|e| StoreError::BrokenModel {
                key: key.clone(),
                reason: e.to_string(),
            })?);
        if let Ok(mut c) = self.models.lock() {
            c.insert(key, m.clone());
        }
        Ok(Some(m))
    }

    /// All stored models as (id, version).
    pub async fn models(&self) -> Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT id, version FROM models ORDER BY id, imported_at")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
