//! One request through the request policy: its turn under `requestLimit`,
//! the exchange, the mapping of a status of 400 or more to
//! `BalenaRequestError`, and the retry of 429s.

use super::error::{Error, RequestFailure};
use super::host::{Host, HostValue};
use super::request::{Exchange, Request};
use super::session::Session;
use crate::prelude::*;

impl<H: Host> Session<H> {
    /// Sends `request`, retrying 429s as the policy allows: the exchange of
    /// a response below 400, or the error it ends in.
    pub(super) async fn exchange(
        &self,
        request: &Request<H::Value>,
    ) -> Result<Exchange<H::Value>, Error<H::Value>> {
        let mut attempt = 0;
        loop {
            if let Some(throttle) = &self.settings.throttle {
                self.throttle_queue
                    .wait_for_turn(throttle, &self.host)
                    .await?;
            }
            let exchange = self.host.send(request).await?;
            if exchange.status < 400 {
                return Ok(exchange);
            }
            if self.settings.debug {
                self.host.report_failure(exchange.status, request);
            }
            if exchange.status == 429 {
                if let Some(wait_ms) = self.retry_wait(attempt, &exchange.headers)? {
                    self.host.sleep(wait_ms).await?;
                    attempt += 1;
                    continue;
                }
            }
            return Err(failure(exchange)?);
        }
    }

    /// How long to wait before retry number `attempt` of a 429, or None to
    /// give up.
    fn retry_wait(&self, attempt: u32, headers: &H::Value) -> Result<Option<f64>, Error<H::Value>> {
        let policy = &self.settings.retry;
        let retry_after = match policy {
            super::policy::RetryPolicy::Never => return Ok(None),
            _ => self.host.retry_after(headers),
        };
        let Some(delay) = policy.delay(attempt, retry_after.as_deref()) else {
            return Ok(None);
        };
        if let super::policy::RetryPolicy::Ask { ask, .. } = policy {
            if !self.host.ask_retry(ask, delay.asked_ms)? {
                return Ok(None);
            }
        }
        Ok(Some(delay.wait_ms))
    }
}

/// The `BalenaRequestError` of a response of 400 or more.
fn failure<V: HostValue>(exchange: Exchange<V>) -> Result<Error<V>, Error<V>> {
    Ok(Error::Request(Box::new(RequestFailure {
        status: exchange.status,
        body: error_message(&exchange.body)?,
        sent: exchange.sent,
        headers: exchange.headers,
    })))
}

/// balena-request's choice of what a failed response's error says:
/// `error.text`, else a string `message` or `error`, else the body.
fn error_message<V: HostValue>(body: &V) -> Result<V, Error<V>> {
    if !body.is_truthy() {
        return Ok(V::from_str("The request was unsuccessful"));
    }
    let text = body.get("error")?.get("text")?;
    if !text.is_nullish() {
        return Ok(text);
    }
    if body.is_object() {
        for key in ["message", "error"] {
            let value = body.get(key)?;
            if value.is_string() {
                return Ok(value);
            }
        }
    }
    Ok(body.clone())
}
