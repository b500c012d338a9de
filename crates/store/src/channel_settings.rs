//! An organisation's channel settings: its price per contact on each channel and its
//! targets for the digital share and for single channels (the channel page's forms).

use crate::{now, Result, Store, StoreError};
use trappe_core::contacts::channel_page::{valid_date, Prices, Target, TargetScope, MAX_PRICE};
use trappe_core::contacts::Channel;

impl Store {
    /// The organisation's prices; `None` for a channel without one.
    pub async fn channel_prices(&self, org: i64) -> Result<Prices> {
        let rows: Vec<(String, f64)> =
            sqlx::query_as("SELECT channel, price FROM channel_prices WHERE org_id = $1")
                .bind(org)
                .fetch_all(&self.pool)
                .await?;
        let mut prices: Prices = [None; Channel::COUNT];
        for (channel, price) in rows {
            if let Some(c) = Channel::from_name(channel.as_bytes()) {
                prices[c.index()] = Some(price);
            }
        }
        Ok(prices)
    }

    /// Replaces all the organisation's prices with `prices` (a `None` removes one).
    pub async fn set_channel_prices(&self, org: i64, prices: &Prices) -> Result<()> {
        if let Some((c, p)) = Channel::ALL
            .into_iter()
            .filter_map(|c| prices[c.index()].map(|p| (c, p)))
            .find(|(_, p)| !(0.0..=MAX_PRICE).contains(p))
        {
            return Err(StoreError::Invalid(format!(
                "price for {c}: {p} is not from 0 to {MAX_PRICE} kroner"
            )));
        }
        self.org_exists(org).await?;
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM channel_prices WHERE org_id = $1")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        let at = now();
        for c in Channel::ALL {
            if let Some(p) = prices[c.index()] {
                sqlx::query(
                    "INSERT INTO channel_prices (org_id, channel, price, updated_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(org)
                .bind(c.name())
                .bind(p)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The organisation's targets, by due date, then scope.
    pub async fn channel_targets(&self, org: i64) -> Result<Vec<Target>> {
        let rows: Vec<(String, f64, String)> = sqlx::query_as(
            "SELECT channel, share, due FROM channel_targets WHERE org_id = $1 ORDER BY due, channel",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(scope, share, due)| {
                Some(Target {
                    scope: TargetScope::parse(&scope)?,
                    share,
                    due,
                })
            })
            .collect())
    }

    /// Adds a target, or replaces the one of the same scope and date.
    pub async fn set_channel_target(&self, org: i64, t: &Target) -> Result<()> {
        if !(0.0..=1.0).contains(&t.share) {
            return Err(StoreError::Invalid(format!(
                "target share {} is not from 0 to 1",
                t.share
            )));
        }
        if !valid_date(&t.due) {
            return Err(StoreError::Invalid(format!(
                "target date '{}' is not a date written YYYY-MM-DD",
                t.due
            )));
        }
        self.org_exists(org).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO channel_targets (org_id, channel, share, due, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, channel, due) DO UPDATE SET share = excluded.share, updated_at = excluded.updated_at",
        )
        .bind(org)
        .bind(t.scope.name())
        .bind(t.share)
        .bind(&t.due)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the target of `scope` due on `due`; false when there was none.
    pub async fn delete_channel_target(
        &self,
        org: i64,
        scope: TargetScope,
        due: &str,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        let n = sqlx::query(
            "DELETE FROM channel_targets WHERE org_id = $1 AND channel = $2 AND due = $3",
        )
        .bind(org)
        .bind(scope.name())
        .bind(due)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn org_exists(&self, org: i64) -> Result<()> {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_optional(&self.pool)
            .await?;
        found
            .map(|_| ())
            .ok_or_else(|| StoreError::NotFound(format!("organisation {org}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trappe_core::NewOrg;

    async fn store() -> (Store, i64, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("trappe-channels-{}", crate::new_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::testing::fresh_db(&dir, "t.db").await.unwrap();
        let s = Store::open(&db).await.unwrap();
        let org = s
            .add_org(&NewOrg::parse("Aarhus Kommune", "kommune", None, &[]).unwrap())
            .await
            .unwrap();
        (s, org, dir)
    }

    #[tokio::test]
    async fn prices_are_replaced_and_targets_upserted_per_scope_and_date() {
        let (s, org, dir) = store().await;
        assert_eq!(s.channel_prices(org).await.unwrap(), [None; Channel::COUNT]);
        let mut p: Prices = [None; Channel::COUNT];
        p[Channel::Phone.index()] = Some(55.5);
        p[Channel::Selfservice.index()] = Some(7.0);
        s.set_channel_prices(org, &p).await.unwrap();
        assert_eq!(s.channel_prices(org).await.unwrap(), p);
        p[Channel::Selfservice.index()] = None;
        s.set_channel_prices(org, &p).await.unwrap();
        assert_eq!(s.channel_prices(org).await.unwrap(), p);
        p[Channel::Phone.index()] = Some(-1.0);
        assert!(matches!(
            s.set_channel_prices(org, &p).await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.set_channel_prices(org + 99, &[None; Channel::COUNT])
                .await,
            Err(StoreError::NotFound(_))
        ));

        let t = |scope, share, due: &str| Target {
            scope,
            share,
            due: due.into(),
        };
        s.set_channel_target(org, &t(TargetScope::Digital, 0.8, "2027-12-31"))
            .await
            .unwrap();
        s.set_channel_target(
            org,
            &t(TargetScope::Channel(Channel::Phone), 0.2, "2026-06-30"),
        )
        .await
        .unwrap();
        // The same scope and date again replaces the share.
        s.set_channel_target(org, &t(TargetScope::Digital, 0.75, "2027-12-31"))
            .await
            .unwrap();
        let got = s.channel_targets(org).await.unwrap();
        assert_eq!(
            got,
            vec![
                t(TargetScope::Channel(Channel::Phone), 0.2, "2026-06-30"),
                t(TargetScope::Digital, 0.75, "2027-12-31"),
            ]
        );
        assert!(s
            .set_channel_target(org, &t(TargetScope::Digital, 1.5, "2027-12-31"))
            .await
            .is_err());
        assert!(s
            .set_channel_target(org, &t(TargetScope::Digital, 0.5, "2027-02-30"))
            .await
            .is_err());
        assert!(s
            .delete_channel_target(org, TargetScope::Digital, "2027-12-31")
            .await
            .unwrap());
        assert!(!s
            .delete_channel_target(org, TargetScope::Digital, "2027-12-31")
            .await
            .unwrap());
        assert_eq!(s.channel_targets(org).await.unwrap().len(), 1);
        s.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
