//! One sdk instance: its host, settings, token and whoami memo, and
//! balena-request's `send` (the token, the refresh of a day-old JWT, the
//! client header) that every request goes through.

use super::auth::{Auth, Token};
use super::error::Error;
use super::host::{Host, HostValue};
use super::memo::Memo;
use super::policy::{RetryPolicy, Throttle};
use super::request::{Method, Request, RequestBody};
use super::throttle_queue::ThrottleQueue;
use super::token_store::TokenStore;
use crate::prelude::*;

/// balena-sdk's default `apiUrl`.
pub const DEFAULT_API_URL: &str = "https://api.balena-cloud.com/";
/// balena-sdk's default `apiVersion`.
pub const DEFAULT_API_VERSION: &str = "v7";

/// The endpoints besides pine, each resolved against `apiUrl`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /actor/v1/whoami`.
    Whoami,
    /// `GET /user/v1/refresh-token`.
    RefreshToken,
    /// `POST /api-key/user/full`.
    CreateUserKey,
}

impl Endpoint {
    /// Every endpoint, in the order of [`Settings::endpoints`].
    pub const ALL: [Endpoint; 3] = [
        Endpoint::Whoami,
        Endpoint::RefreshToken,
        Endpoint::CreateUserKey,
    ];

    /// The path, resolved against `apiUrl` as `new URL(path, apiUrl)` does.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Whoami => "/actor/v1/whoami",
            Endpoint::RefreshToken => "/user/v1/refresh-token",
            Endpoint::CreateUserKey => "/api-key/user/full",
        }
    }
}

/// Which of balena-request's paths a request takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A pine (OData) request: a day-old JWT is not refreshed first, and
    /// `X-Balena-Client` goes only where the URL starts with `apiUrl`.
    Pine,
    /// An endpoint resolved against `apiUrl`: a day-old JWT is refreshed
    /// first, and `X-Balena-Client` is always sent.
    Endpoint,
}

/// What an instance is built from: `getSdk`'s options, read and resolved.
pub struct Settings<V> {
    /// `apiUrl` as given.
    pub api_url: String,
    /// `<origin>/<apiVersion>/`, the prefix of every pine URL.
    pub api_prefix: String,
    /// [`Endpoint::ALL`]'s URLs, resolved against `apiUrl`.
    pub endpoints: [String; 3],
    /// `requestLimit` / `requestLimitInterval`.
    pub throttle: Option<Throttle>,
    /// `retryRateLimitedRequests` and `maxRateLimitRetries`.
    pub retry: RetryPolicy<V>,
    /// `debug`: report failed requests.
    pub debug: bool,
}

/// One sdk instance over a host.
pub struct Session<H: Host> {
    /// The host that carries out requests.
    pub host: H,
    pub(super) settings: Settings<H::Value>,
    pub(super) auth: Auth<H::Value>,
    pub(super) throttle_queue: ThrottleQueue,
    whoami: Memo<Result<H::Value, Error<H::Value>>>,
}

impl<H: Host> Session<H> {
    /// An instance over `host` with `settings`, its token kept in `store`.
    pub fn new(host: H, settings: Settings<H::Value>, store: TokenStore) -> Self {
        Session {
            host,
            settings,
            auth: Auth::new(store),
            throttle_queue: ThrottleQueue::default(),
            whoami: Memo::default(),
        }
    }

    /// The URL of `endpoint`.
    pub fn endpoint(&self, endpoint: Endpoint) -> &str {
        &self.settings.endpoints[endpoint as usize]
    }

    /// balena-request's `send`: adds the stored token, refreshing a day-old
    /// JWT first on the endpoint route and refusing an expired one; the
    /// decoded body of a response below 400.
    pub async fn send(
        &self,
        method: Method,
        url: String,
        body: RequestBody<H::Value>,
        route: Route,
    ) -> Result<H::Value, Error<H::Value>> {
        let token = if self.auth.has_key(&self.host)? {
            let mut current = self.auth.token(&self.host)?;
            if current.wants_refresh(self.host.now()) {
                if route == Route::Endpoint {
                    current = self.refresh(current).await?;
                }
                if current.is_expired(self.host.now()) {
                    return Err(Error::ExpiredToken { token: current.key });
                }
            }
            Some(current.header_value()?)
        } else {
            None
        };
        // balena-sdk names itself when `baseUrl + url` starts with `apiUrl`:
        // always for the endpoints it resolves against `apiUrl`, and for pine
        // URLs only when `apiUrl` has no path of its own.
        let identify = route == Route::Endpoint || url.starts_with(&self.settings.api_url);
        let request = Request {
            method,
            url,
            body,
            token,
            identify,
        };
        Ok(self.exchange(&request).await?.body)
    }

    /// Swaps a day-old JWT for a fresh one (`GET /user/v1/refresh-token`).
    async fn refresh(&self, old: Token<H::Value>) -> Result<Token<H::Value>, Error<H::Value>> {
        let request = Request {
            method: Method::Get,
            url: self.endpoint(Endpoint::RefreshToken).to_string(),
            body: RequestBody::None,
            token: Some(old.header_value()?),
            identify: true,
        };
        match self.exchange(&request).await {
            Ok(response) => {
                self.auth.set_key(&self.host, &response.body)?;
                self.auth.token(&self.host)
            }
            Err(error) if error.has_status(401) && old.is_expired(self.host.now()) => {
                self.auth.remove_key(&self.host)?;
                Err(Error::ExpiredToken { token: old.key })
            }
            Err(error) => Err(error),
        }
    }

    /// `auth.loginWithToken(token)`.
    pub fn login_with_token(&self, token: &H::Value) -> Result<(), Error<H::Value>> {
        self.whoami.forget();
        self.auth.set_key(&self.host, token)
    }

    /// `auth.logout()`.
    pub fn logout(&self) -> Result<(), Error<H::Value>> {
        self.whoami.forget();
        self.auth.remove_key(&self.host)
    }

    /// `auth.getToken()`.
    pub fn get_token(&self) -> Result<H::Value, Error<H::Value>> {
        match self.auth.token(&self.host) {
            Ok(token) => Ok(token.key),
            Err(Error::MalformedToken { .. }) => Err(Error::NotLoggedIn),
            Err(error) => Err(error),
        }
    }

    /// `GET /actor/v1/whoami`, memoised: concurrent callers share one
    /// request, a success is reused until the next login, logout or
    /// `isLoggedIn`, a failure is not kept. A 401 or a malformed token
    /// means "not logged in" (balena-sdk's `normalizeAuthError`).
    pub async fn actor(&self) -> Result<H::Value, Error<H::Value>> {
        let whoami = || {
            let url = self.endpoint(Endpoint::Whoami).to_string();
            self.send(Method::Get, url, RequestBody::None, Route::Endpoint)
        };
        match self.whoami.get(whoami, Result::is_err).await {
            Ok(actor) => Ok(actor),
            Err(error) if means_not_logged_in(&error)? => Err(Error::NotLoggedIn),
            Err(error) => Err(error),
        }
    }

    /// `auth.isLoggedIn()`: asks the API afresh.
    pub async fn is_logged_in(&self) -> Result<bool, Error<H::Value>> {
        self.whoami.forget();
        match self.actor().await {
            Ok(_) => Ok(true),
            Err(Error::NotLoggedIn | Error::ExpiredToken { .. }) => Ok(false),
            Err(error) if thrown_code(&error)?.as_deref() == Some("BalenaExpiredToken") => {
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// `auth.whoami()`: the actor, or `undefined` when not logged in.
    pub async fn whoami(&self) -> Result<H::Value, Error<H::Value>> {
        match self.actor().await {
            Err(Error::NotLoggedIn) => Ok(H::Value::undefined()),
            other => other,
        }
    }

    /// `auth.getActorId()`.
    pub async fn get_actor_id(&self) -> Result<H::Value, Error<H::Value>> {
        self.actor().await?.get("id")
    }
}

/// Whether a whoami failure means "not logged in": a 401, or a malformed
/// token (a value thrown by the host counts by its `statusCode` and `code`).
fn means_not_logged_in<V: HostValue>(error: &Error<V>) -> Result<bool, Error<V>> {
    Ok(match error {
        Error::Request(failure) => failure.status == 401,
        Error::MalformedToken { .. } => true,
        Error::Thrown { value } => {
            value.get("statusCode")?.as_f64() == Some(401.0)
                || value.get("code")?.as_string().as_deref() == Some("BalenaMalformedToken")
        }
        _ => false,
    })
}

/// The `code` of a value the host threw.
fn thrown_code<V: HostValue>(error: &Error<V>) -> Result<Option<String>, Error<V>> {
    match error {
        Error::Thrown { value } => Ok(value.get("code")?.as_string()),
        _ => Ok(None),
    }
}
