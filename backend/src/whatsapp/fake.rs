//! A local fake of the Graph API's `POST /{version}/{phone-number-id}/messages`, for tests and
//! the bench: it answers in Meta's formats (success `{"messaging_product","contacts",
//! "messages":[{"id"}]}`, errors as the Graph error object), can be told to throttle
//! (130429), fail transiently (131000, HTTP 500), fail permanently (any code), answer 502
//! without JSON, or hang, and records every request it received — recorded as it arrives, as
//! Meta would have it even if the caller dies before the answer.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::webhook::{self, StatusUpdate};

/// How the fake answers one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behaviour {
    Accept,
    /// `130429` "Rate limit hit".
    Throttle,
    /// `131000` "Something went wrong", HTTP 500.
    Transient,
    /// The given error code, HTTP 400.
    Permanent(i64),
    /// HTTP 502 with an HTML body, as a proxy in front of the API might.
    BadGateway,
    /// Never answers (the caller must time out).
    Hang,
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub authorization: Option<String>,
    pub body: Value,
    /// The id it answered with, when it accepted.
    pub wamid: Option<String>,
}

impl Recorded {
    /// Our message id, from `biz_opaque_callback_data`.
    pub fn message_id(&self) -> Option<&str> {
        self.body["biz_opaque_callback_data"].as_str()
    }
}

#[derive(Default)]
struct FakeState {
    script: VecDeque<Behaviour>,
    default: Option<Behaviour>,
    delay: Duration,
    requests: Vec<Recorded>,
    next_id: u64,
}

/// A running fake; dropped, it stops.
pub struct FakeGraph {
    /// The base URL to configure as `WHATSAPP_API_BASE`, e.g. `http://127.0.0.1:4321/v26.0`.
    pub base_url: String,
    state: Arc<Mutex<FakeState>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGraph {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn lock(s: &Mutex<FakeState>) -> MutexGuard<'_, FakeState> {
    s.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl FakeGraph {
    /// Starts the fake on `127.0.0.1:0`.
    pub async fn start() -> std::io::Result<Self> {
        let state = Arc::new(Mutex::new(FakeState::default()));
        let app = axum::Router::new()
            .route("/{version}/{phone}/messages", axum::routing::post(messages))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            base_url: format!("http://{addr}/v26.0"),
            state,
            server,
        })
    }

    /// Answers the next requests with `behaviours`, in order, then with the default.
    pub fn script(&self, behaviours: impl IntoIterator<Item = Behaviour>) {
        lock(&self.state).script.extend(behaviours);
    }

    /// How to answer once the script is used up (default: accept).
    pub fn set_default(&self, b: Behaviour) {
        lock(&self.state).default = Some(b);
    }

    /// Waits this long before every answer.
    pub fn set_delay(&self, d: Duration) {
        lock(&self.state).delay = d;
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).requests.clone()
    }

    /// The accepted requests, as (message id, wamid).
    pub fn accepted(&self) -> Vec<(String, String)> {
        lock(&self.state)
            .requests
            .iter()
            .filter_map(|r| Some((r.message_id()?.to_owned(), r.wamid.clone()?)))
            .collect()
    }

    /// A status notification body for `(wamid, status, message id)` triples, as Meta posts it.
    pub fn notification(statuses: &[(&str, &str, Option<&str>)], now_ms: i64) -> Vec<u8> {
        let list = statuses
            .iter()
            .map(|(wamid, status, message_id)| StatusUpdate {
                id: (*wamid).to_owned(),
                status: (*status).to_owned(),
                timestamp: (now_ms / 1000).to_string(),
                recipient_id: None,
                biz_opaque_callback_data: message_id.map(str::to_owned),
                pricing: None,
                errors: if *status == "failed" {
                    vec![webhook::StatusError {
                        code: 131_026,
                        title: "Message undeliverable".into(),
                        message: None,
                    }]
                } else {
                    Vec::new()
                },
            })
            .collect();
        serde_json::to_vec(&webhook::notification("fake", list)).unwrap_or_default()
    }
}

fn graph_error(status: StatusCode, code: i64, message: &str, details: &str) -> Response {
    (
        status,
        Json(json!({
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "error_data": { "messaging_product": "whatsapp", "details": details },
                "fbtrace_id": "AFakeTraceId"
            }
        })),
    )
        .into_response()
}

async fn messages(
    State(state): State<Arc<Mutex<FakeState>>>,
    Path((version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let (behaviour, delay, wamid) = {
        let mut s = lock(&state);
        let b = s
            .script
            .pop_front()
            .or_else(|| s.default.clone())
            .unwrap_or(Behaviour::Accept);
        s.next_id += 1;
        let wamid = (b == Behaviour::Accept).then(|| format!("wamid.FAKE{:012}", s.next_id));
        let delay = s.delay;
        s.requests.push(Recorded {
            path: format!("/{version}/{phone}/messages"),
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: body.clone(),
            wamid: wamid.clone(),
        });
        (b, delay, wamid)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    match behaviour {
        Behaviour::Accept => Json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{ "input": to, "wa_id": to }],
            "messages": [{ "id": wamid }]
        }))
        .into_response(),
        Behaviour::Throttle => graph_error(
            StatusCode::BAD_REQUEST,
            130_429,
            "(#130429) Rate limit hit",
            "Cloud API message throughput has been reached.",
        ),
        Behaviour::Transient => graph_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            131_000,
            "(#131000) Something went wrong",
            "Message failed to send due to an unknown error.",
        ),
        Behaviour::Permanent(code) => graph_error(
            StatusCode::BAD_REQUEST,
            code,
            &format!("(#{code}) Permanent failure"),
            "The request cannot succeed as it is.",
        ),
        Behaviour::BadGateway => {
            (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response()
        }
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}
