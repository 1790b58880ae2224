//! `models.application.get(slugOrUuidOrId, { $select: 'actor' })`: by id,
//! or by slug or uuid (lower-cased), with not-found and ambiguous errors.

use super::{select_actor, KeyKind, LookupKey};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::pine_client::params;
use crate::core::session::Session;
use crate::pine::{merge, Object, Value};

impl<H: Host> Session<H> {
    /// The application's row, with its actor selected.
    pub(super) async fn application_with_actor(
        &self,
        application: &LookupKey<H::Value>,
    ) -> Result<H::Value, Error<H::Value>> {
        self.application_row(application, select_actor()).await
    }

    /// The application's row, with `options` (`{ $select }`) merged over
    /// the lookup's defaults, as `models.application.get` does.
    pub(crate) async fn application_row(
        &self,
        application: &LookupKey<H::Value>,
        options: Value,
    ) -> Result<H::Value, Error<H::Value>> {
        let row = match &application.kind {
            KeyKind::Number(id) => {
                let options = merge(&Value::Object(Object::new()), &options);
                self.pine_get(&params(
                    "application",
                    Some(Value::Number(*id)),
                    Some(options),
                ))
                .await?
            }
            KeyKind::Text { lower, .. } => {
                let mut either = Object::new();
                either.insert("slug", lower.clone());
                either.insert("uuid", lower.clone());
                let mut filter = Object::new();
                filter.insert("$or", Value::Object(either));
                let mut defaults = Object::new();
                defaults.insert("$filter", Value::Object(filter));
                let options = merge(&Value::Object(defaults), &options);
                let rows = self
                    .pine_get(&params("application", None, Some(options)))
                    .await?;
                if rows.has_several()? {
                    return Err(Error::AmbiguousApplication {
                        application: application.given.clone(),
                    });
                }
                rows.get("0")?
            }
            KeyKind::Nullish | KeyKind::Other => H::Value::undefined(),
        };
        if row.is_nullish() {
            return Err(Error::ApplicationNotFound {
                application: application.given.clone(),
            });
        }
        Ok(row)
    }
}
