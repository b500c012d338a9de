//! A form's errors, each tied to the field it is about (the id of its input): shown next
//! to the field and in a summary at the top of the page that links to it
//! (templates/form_errors.html and field_error.html).

/// One problem with one field, in plain words.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// The `id` of the input (or of the first input of a group).
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    pub fn add(&mut self, field: impl Into<String>, message: String) {
        self.0.push(FieldError {
            field: field.into(),
            message,
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
    /// The message about `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    /// The attributes an input `field` takes: its hint (if any) and its error (if any)
    /// as `aria-describedby`, and `aria-invalid` when it has an error. Ids only, so safe
    /// to write unescaped.
    pub fn describe(&self, field: &str, hint: &str) -> String {
        let error = self.get(field).is_some();
        let ids: Vec<String> = [
            (!hint.is_empty()).then(|| hint.to_string()),
            error.then(|| format!("{field}-error")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut out = String::new();
        if !ids.is_empty() {
            out.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
        }
        if error {
            out.push_str(" aria-invalid=\"true\"");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_field_is_described_by_its_hint_and_its_error() {
        let mut e = FormErrors::default();
        assert_eq!(e.describe("name", ""), "");
        assert_eq!(
            e.describe("tags", "tags-hint"),
            " aria-describedby=\"tags-hint\""
        );
        e.add("tags", "Too many".into());
        assert_eq!(e.get("tags"), Some("Too many"));
        assert_eq!(
            e.describe("tags", "tags-hint"),
            " aria-describedby=\"tags-hint tags-error\" aria-invalid=\"true\""
        );
        assert_eq!(
            e.describe("tags", ""),
            " aria-describedby=\"tags-error\" aria-invalid=\"true\""
        );
    }
}

/// The body of a form that carries nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct NoFields {}
