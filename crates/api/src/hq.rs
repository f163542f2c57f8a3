//! Head office (总部): enrolling the desk with a one-time code, sending its events, where sending stands.
//! The desk's private key lives in a key file beside the ledger (readable only by the desk's OS user),
//! never in the ledger file; the ledger records where it is.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::auth::Perm;
use feedesk_ledger::db::with_tx;
use feedesk_ledger::{auth, hq_link, outbox, receipts};
use feedesk_protocol::sign::Purpose;
use feedesk_protocol::sync::{EnrollRequest, WireEvent, MAX_BATCH_EVENTS};
use feedesk_protocol::DeskKey;
use feedesk_sync::{Credential, HqClient, SyncError};
use serde::{Deserialize, Serialize};

use crate::*;

/// How to reach head office and enroll.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EnrollInput {
    /// Head office's address, e.g. `https://localhost:8443`.
    pub url: String,
    /// The one-time enrollment code head office issued for this desk.
    pub code: String,
    /// Where to keep the desk's key; default: beside the ledger, `<ledger>.desk-key`.
    pub key_path: Option<String>,
    /// The CA certificate head office's certificate is signed with (a self-signed one for local use).
    pub ca_path: Option<String>,
}

/// What one round of sending did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncReport {
    pub sent: usize,
    /// Head office holds everything up to here.
    pub acked_seq: i64,
    /// Events still to send.
    pub pending: i64,
    /// Head office's fee standards read after the round (`pull_standards`).
    pub standards: StandardsTaken,
}

/// Where the desk stands with head office, for the header and Settings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncStatus {
    pub enrollment: Option<Enrollment>,
    pub state: SyncState,
    /// The desk's last event and how many head office does not hold yet.
    pub head_seq: i64,
    pub pending: i64,
}

/// The key file beside a ledger: `feedesk.sqlite` → `feedesk.sqlite.desk-key`.
pub fn default_key_path(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".desk-key");
    PathBuf::from(p)
}

fn io(path: &Path, e: std::io::Error) -> Error {
    err!(
        KeyUnavailable,
        ("密钥文件 {} 无法读写：{e}", path.display()),
        ("key file {} cannot be read or written: {e}", path.display())
    )
}

/// Write a key file only the desk's OS user can read; an earlier key there is kept aside, never lost.
fn write_key_file(path: &Path, key: &DeskKey, key_no: i64) -> Result<()> {
    if path.exists() {
        let aside = PathBuf::from(format!("{}.retired-{key_no}", path.display()));
        std::fs::rename(path, &aside).map_err(|e| io(path, e))?;
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(|e| io(path, e))?;
    std::io::Write::write_all(&mut f, format!("{}\n", key.seed_hex()).as_bytes())
        .map_err(|e| io(path, e))
}

/// The enrolled desk's key, read from its key file; None when not enrolled or the file cannot be read
/// (then every operation that writes is refused, saying why).
pub(crate) fn load_key(conn: &rusqlite::Connection) -> Result<Option<Arc<DeskKey>>> {
    let Some(e) = hq_link::current(conn)? else {
        return Ok(None);
    };
    let key = std::fs::read_to_string(&e.key_path)
        .ok()
        .and_then(|t| DeskKey::from_seed_hex(&t).ok())
        .filter(|k| k.public().to_hex() == e.public_key);
    Ok(key.map(Arc::new))
}

fn client(url: &str, ca_path: Option<&str>) -> Result<HqClient> {
    let ca = match ca_path {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            err!(
                InvalidInput,
                "无法读取总部证书 {p}：{e}",
                "cannot read head office's certificate {p}: {e}"
            )
        })?),
        None => None,
    };
    HqClient::new(url, ca.as_deref()).map_err(sync_error)
}

/// A sync failure in the desk's words.
pub(crate) fn sync_error(e: SyncError) -> Error {
    match e {
        SyncError::Unreachable(why) => err!(
            HqUnreachable,
            "总部无法连接（{why}）：收款不受影响，恢复后自动补传",
            "head office cannot be reached ({why}); the counter goes on, everything is sent once it is back"
        ),
        SyncError::Refused(a) if a.code == "DESK_REVOKED" => Error::new(ErrorCode::DeskRevoked, a.zh, a.en),
        SyncError::Refused(a) => Error::new(
            ErrorCode::HqRefused,
            format!("总部拒绝：{}", a.zh),
            format!("head office refused: {}", a.en),
        ),
        SyncError::BadReply(why) => err!(
            HqRefused,
            "总部的回复无法识别：{why}",
            "head office's answer is not understood: {why}"
        ),
    }
}

/// Enroll this desk at head office (administrators): a new key pair, its key file, the chain head
/// signed. A replaced counter PC re-enrolls with a new code and a new key and continues the same chain.
pub fn enroll(
    l: &mut Ledger,
    ctx: &Ctx,
    input: &EnrollInput,
    now: DateTime<FixedOffset>,
) -> Result<Enrollment> {
    ctx.actor.require(Perm::Administer)?;
    let url = input.url.trim();
    if !url.starts_with("https://") || url.len() > 200 {
        return Err(err!(
            InvalidInput,
            "总部地址「{url}」无效：应为 https:// 开头",
            "head office address \"{url}\" is invalid: it must start with https://"
        ));
    }
    let key_path = match &input.key_path {
        Some(p) if !p.trim().is_empty() => PathBuf::from(p.trim()),
        _ => default_key_path(&l.path),
    };
    let key = DeskKey::generate();
    let (head_seq, head_hash) = outbox::head(&l.conn)?;
    let secret = with_tx(&mut l.conn, |tx| receipts::desk_secret(tx))?;
    let request = EnrollRequest {
        code: input.code.trim().to_string(),
        desk_code: ctx.desk.clone(),
        public_key: key.public().to_hex(),
        head_seq,
        head_hash: head_hash.clone(),
        head_sig: key.sign(
            Purpose::Anchor,
            &EnrollRequest::anchor(head_seq, &head_hash),
        ),
        qr_secret: hex::encode(&secret),
    };
    let reply = client(url, input.ca_path.as_deref())?
        .enroll(&request)
        .map_err(sync_error)?;
    write_key_file(&key_path, &key, reply.key_no as i64)?;
    let e = Enrollment {
        key_no: reply.key_no as i64,
        enrolled_at: now.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        url: url.to_string(),
        ca_path: input.ca_path.clone().filter(|p| !p.trim().is_empty()),
        estate_id: reply.estate_id,
        estate_code: reply.estate_code,
        estate_name: reply.estate_name,
        desk_id: reply.desk_id,
        public_key: key.public().to_hex(),
        key_path: key_path.display().to_string(),
        anchor_seq: head_seq,
    };
    with_tx(&mut l.conn, |tx| {
        hq_link::record(tx, &e, (&head_hash, &request.head_sig), ctx.actor.user_id)?;
        auth::audit(
            tx,
            ctx,
            "hq_enroll",
            &e.desk_id,
            &format!("{} key {}", e.url, e.key_no),
            None,
            None,
        )
    })?;
    l.key = Some(Arc::new(key));
    Ok(e)
}

/// How many batches one round sends at most (two in flight at a time): a catch-up after an outage
/// goes at head office's pace, and a round still ends within seconds.
const ROUND_BATCHES: usize = 8;

/// One round of sending: the events head office does not hold yet, a few batches; with nothing to
/// send, a look at where head office stands. Its answers are recorded whatever they are; a failure too.
pub fn sync_round(l: &mut Ledger, now: DateTime<FixedOffset>) -> Result<SyncReport> {
    let at = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let (sent, ack, failure) = match round(l) {
        Ok(r) => r,
        Err(e) => (0, None, Some(e)),
    };
    if let Some((seq, hash)) = &ack {
        check_answer(l, *seq, hash)?;
        hq_link::record_ack(&l.conn, *seq, hash, &at)?;
    }
    if let Some(e) = failure {
        record_failure(l, &e, &at)?;
        return Err(e);
    }
    let (head, _) = outbox::head(&l.conn)?;
    let acked_seq = ack.map_or(0, |(seq, _)| seq);
    Ok(SyncReport {
        sent,
        acked_seq,
        pending: head - acked_seq,
        standards: StandardsTaken::default(),
    })
}

/// A failure as Settings shows it until the next success.
pub(crate) fn record_failure(l: &Ledger, e: &Error, at: &str) -> Result<()> {
    let code = serde_json::to_value(e.code).ok();
    let code = code.as_ref().and_then(|v| v.as_str()).unwrap_or("");
    hq_link::record_failure(&l.conn, code, &e.zh, &e.en, at)
}

/// What a round did: events sent and acknowledged, head office's highest answer (its head and that
/// event's hash), and the failure that ended the round early.
type Round = (usize, Option<(i64, String)>, Option<Error>);

/// What it takes to send to head office: the enrollment in force, the desk's key, a client.
pub(crate) struct Link {
    pub desk: String,
    pub key_no: i64,
    pub key: Arc<DeskKey>,
    pub hq: HqClient,
}

impl Link {
    pub fn credential(&self) -> Credential<'_> {
        Credential {
            desk: &self.desk,
            key_no: self.key_no,
            key: &self.key,
        }
    }
}

pub(crate) fn link(l: &Ledger) -> Result<Link> {
    let e = hq_link::current(&l.conn)?.ok_or_else(|| {
        err!(
            NotEnrolled,
            "本收银台尚未向总部注册",
            "this desk is not enrolled at head office"
        )
    })?;
    let key = l.key.clone().ok_or_else(|| {
        err!(
            KeyUnavailable,
            ("签名密钥文件 {} 无法读取", e.key_path),
            ("the key file {} cannot be read", e.key_path)
        )
    })?;
    Ok(Link {
        desk: format!("{}/{}", e.estate_id, e.desk_id),
        key_no: e.key_no,
        key,
        hq: client(&e.url, e.ca_path.as_deref())?,
    })
}

/// Send the pending batches (or ask where head office stands).
fn round(l: &Ledger) -> Result<Round> {
    let link = link(l)?;
    let (who, hq) = (link.credential(), &link.hq);
    let state = hq_link::sync_state(&l.conn)?;
    let pending = outbox::pending(&l.conn, state.acked_seq, ROUND_BATCHES * MAX_BATCH_EVENTS)?;
    if pending.is_empty() {
        let r = hq.head(&who).map_err(sync_error)?;
        return Ok((0, Some((r.head_seq, r.head_hash)), None));
    }
    let batches: Vec<&[WireEvent]> = pending.chunks(MAX_BATCH_EVENTS).collect();
    let (mut sent, mut ack, mut failure) = (0, None::<(i64, String)>, None);
    for (batch, answer) in batches.iter().zip(hq.push_pipelined(&who, &batches)) {
        match answer {
            Ok(r) => {
                sent += batch.len();
                if ack.as_ref().is_none_or(|(seq, _)| r.head_seq > *seq) {
                    ack = Some((r.head_seq, r.head_hash));
                }
            }
            Err(x) => failure = failure.or(Some(sync_error(x))),
        }
    }
    Ok((sent, ack, failure))
}

/// Head office's head must be one of ours: the same hash at that sequence number, or else the two
/// chains have forked (an alert at both ends, never silently resent over).
fn check_answer(l: &Ledger, seq: i64, hash: &str) -> Result<()> {
    let (head, _) = outbox::head(&l.conn)?;
    let ours = if seq == 0 {
        Some(outbox::GENESIS_HASH.to_string())
    } else if seq <= head {
        outbox::pending(&l.conn, seq - 1, 1)?.pop().map(|e| e.hash)
    } else {
        None
    };
    if ours.as_deref() == Some(hash) {
        return Ok(());
    }
    Err(err!(
        HqRefused,
        "总部记录的第 {seq} 条事件与本机不一致（分叉）：已停止发送，请联系总部",
        "head office's event {seq} differs from this desk's (a fork): sending stopped, contact head office"
    ))
}

/// Where sending stands.
pub fn sync_status(l: &Ledger) -> Result<SyncStatus> {
    let state = hq_link::sync_state(&l.conn)?;
    let (head_seq, _) = outbox::head(&l.conn)?;
    Ok(SyncStatus {
        enrollment: hq_link::current(&l.conn)?,
        pending: head_seq - state.acked_seq,
        head_seq,
        state,
    })
}
