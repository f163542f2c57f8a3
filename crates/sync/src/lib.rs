//! The desk's client of head office: enrollment with a one-time code, and batches of events pushed
//! over HTTPS. Every request after enrollment is signed with the desk's key; head office takes the
//! desk's identity from that signature, never from the body. Blocking, with timeouts: the caller runs it
//! on a thread of its own, so the counter never waits on the network.

use std::time::Duration;

use feedesk_protocol::standards::{StandardsReply, StandardsRequest};
use feedesk_protocol::sync::{
    sign_request, ApiError, EnrollReply, EnrollRequest, PushReply, PushRequest, WireEvent,
    HEADER_DESK, HEADER_KEY, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIME, MAX_BODY_BYTES,
};
use feedesk_protocol::DeskKey;
use serde::de::DeserializeOwned;
use ureq::tls::{parse_pem, Certificate, PemItem, RootCerts, TlsConfig, TlsProvider};
use ureq::Agent;

/// Why a request did not get its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// No answer: network down, head office stopped, refused, timed out. Retry later.
    Unreachable(String),
    /// Head office answered with a refusal (its code and message).
    Refused(ApiError),
    /// Head office answered something that is not the protocol.
    BadReply(String),
}

impl SyncError {
    /// A revoked desk: head office refuses everything it sends until an administrator says otherwise.
    pub fn is_revoked(&self) -> bool {
        matches!(self, SyncError::Refused(e) if e.code == "DESK_REVOKED")
    }
}

/// Which desk and key sign the requests; `desk` is `<estate id>/<desk id>` as head office issued them.
pub struct Credential<'a> {
    pub desk: &'a str,
    pub key_no: i64,
    pub key: &'a DeskKey,
}

/// A connection to one head office.
pub struct HqClient {
    agent: Agent,
    base: String,
}

/// The roots head office's certificate is checked against: its own CA (a self-signed one for local use)
/// or, without one, the public roots (Mozilla's, built in).
fn roots(ca_pem: Option<&[u8]>) -> Result<RootCerts, SyncError> {
    let Some(pem) = ca_pem else {
        return Ok(RootCerts::WebPki);
    };
    let mut certs: Vec<Certificate<'static>> = vec![];
    for item in parse_pem(pem) {
        match item {
            Ok(PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => return Err(SyncError::BadReply(format!("CA certificate: {e}"))),
        }
    }
    if certs.is_empty() {
        return Err(SyncError::BadReply("no certificate in the CA file".into()));
    }
    Ok(RootCerts::new_with_certs(&certs))
}

impl HqClient {
    /// `url` is head office's base address (`https://host:port`); `ca_pem` the CA that signed its certificate.
    pub fn new(url: &str, ca_pem: Option<&[u8]>) -> Result<HqClient, SyncError> {
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(roots(ca_pem)?)
            .build();
        let agent = Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(timeout()))
            // A connection per request: nothing stale is reused after head office restarts.
            .max_idle_connections(0)
            .build()
            .new_agent();
        Ok(HqClient {
            agent,
            base: url.trim_end_matches('/').to_string(),
        })
    }

    /// Enroll with a one-time code (the request is signed by the code, not yet by a key).
    pub fn enroll(&self, req: &EnrollRequest) -> Result<EnrollReply, SyncError> {
        let body = serde_json::to_vec(req).expect("serialise");
        self.send("/v1/enroll", &body, None)
    }

    /// Push a batch of consecutive events.
    pub fn push(&self, who: &Credential, events: &[WireEvent]) -> Result<PushReply, SyncError> {
        let body = serde_json::to_vec(&PushRequest {
            events: events.to_vec(),
        })
        .expect("serialise");
        self.send("/v1/events", &body, Some(who))
    }

    /// Push consecutive batches with two requests in flight, so head office checks the next batch
    /// while it stores the one before. The answers come back in batch order; after a failure no
    /// further batch is started, and the answers stop at the first batch not sent.
    pub fn push_pipelined(
        &self,
        who: &Credential,
        batches: &[&[WireEvent]],
    ) -> Vec<Result<PushReply, SyncError>> {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let answers = std::sync::Mutex::new(vec![None; batches.len()]);
        std::thread::scope(|s| {
            for _ in 0..IN_FLIGHT.min(batches.len()) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= batches.len() || failed.load(Ordering::SeqCst) {
                        break;
                    }
                    let answer = self.push(who, batches[i]);
                    failed.fetch_or(answer.is_err(), Ordering::SeqCst);
                    answers.lock().expect("answers")[i] = Some(answer);
                });
            }
        });
        let answers = answers.into_inner().expect("answers");
        answers.into_iter().map_while(|a| a).collect()
    }

    /// The fee standards published for this desk's estate after version `after`.
    pub fn standards(&self, who: &Credential, after: i64) -> Result<StandardsReply, SyncError> {
        let body = serde_json::to_vec(&StandardsRequest { after }).expect("serialise");
        self.send("/v1/standards", &body, Some(who))
    }

    /// Where head office stands with this desk's chain (an empty batch).
    pub fn head(&self, who: &Credential) -> Result<PushReply, SyncError> {
        self.push(who, &[])
    }

    fn send<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &[u8],
        who: Option<&Credential>,
    ) -> Result<T, SyncError> {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json");
        if let Some(w) = who {
            let time = unix_now();
            let nonce = hex::encode(rand::random::<[u8; 16]>());
            let sig = sign_request(w.key, "POST", path, time, &nonce, body);
            req = req
                .header(HEADER_DESK, w.desk)
                .header(HEADER_KEY, w.key_no.to_string())
                .header(HEADER_TIME, time.to_string())
                .header(HEADER_NONCE, nonce)
                .header(HEADER_SIGNATURE, sig);
        }
        let mut resp = req
            .send(body)
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES as u64)
            .read_to_string()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        if status == 200 {
            serde_json::from_str(&text)
                .map_err(|e| SyncError::BadReply(format!("{e}: {text:.200}")))
        } else {
            match serde_json::from_str::<ApiError>(&text) {
                Ok(e) => Err(SyncError::Refused(e)),
                Err(_) => Err(SyncError::BadReply(format!("HTTP {status}: {text:.200}"))),
            }
        }
    }
}

/// Requests a desk keeps in flight while it catches up.
pub const IN_FLIGHT: usize = 2;

/// How long a request may take in all: `FEEDESK_SYNC_TIMEOUT_SECS`, 30 s by default (a batch of
/// 2,000 events on a slow line).
fn timeout() -> Duration {
    let secs = std::env::var("FEEDESK_SYNC_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .unwrap_or(30);
    Duration::from_secs(secs)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
