//! A browser of the head-office console for the tests: HTTPS with the test CA, the session cookie
//! kept (and checked to be HttpOnly, SameSite=Strict and Secure), JSON in and out.
#![allow(dead_code)]

use serde_json::{json, Value};

use super::hq::{hq_cli, https_agent, Hq};

/// A browser of the console: HTTPS with the test CA, the session cookie kept.
pub struct Console {
    pub agent: ureq::Agent,
    pub base: String,
    pub cookie: Option<String>,
}

/// What head office answered: status, the headers a download is checked by, the bytes.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub disposition: Option<String>,
    pub cache_control: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Console {
    /// A browser presenting `cookie` (none, forged or expired) without signing in.
    pub fn with_cookie(hq: &Hq, cookie: &str) -> Console {
        Console {
            cookie: Some(cookie.to_string()),
            ..Console::new(hq)
        }
    }

    /// A GET answered as it came (a download: its headers and bytes).
    pub fn fetch(&self, path: &str) -> Answer {
        let mut resp = self
            .agent
            .get(&format!("{}{path}", self.base))
            .header("cookie", self.cookie.as_deref().unwrap_or_default())
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let (content_type, disposition, cache_control) = (
            header("content-type").unwrap_or_default(),
            header("content-disposition"),
            header("cache-control"),
        );
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap();
        Answer {
            status: resp.status().as_u16(),
            content_type,
            disposition,
            cache_control,
            body,
        }
    }

    pub fn new(hq: &Hq) -> Console {
        // A refusal answered before a request's body is read closes that connection: a fresh
        // connection each time keeps a reused, already closed one from failing the next request.
        let agent = https_agent(false);
        Console {
            agent,
            base: hq.url(),
            cookie: None,
        }
    }

    pub fn call(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        ct: &str,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let cookie = self.cookie.clone().unwrap_or_default();
        let mut resp = match (method, body) {
            ("GET", _) => self.agent.get(&url).header("cookie", &cookie).call(),
            ("DELETE", _) => self.agent.delete(&url).header("cookie", &cookie).call(),
            (_, b) => self
                .agent
                .post(&url)
                .header("cookie", &cookie)
                .header("content-type", ct)
                .send(b.unwrap_or(b"")),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if let Some(set) = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
        {
            assert!(
                set.contains("HttpOnly")
                    && set.contains("SameSite=Strict")
                    && set.contains("Secure"),
                "{set}"
            );
            self.cookie = Some(set.split(';').next().unwrap().to_string());
        }
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub fn get(&mut self, path: &str) -> (u16, Value) {
        self.call("GET", path, None, "")
    }

    pub fn post(&mut self, path: &str, body: Value) -> (u16, Value) {
        self.call(
            "POST",
            path,
            Some(body.to_string().as_bytes()),
            "application/json",
        )
    }

    pub fn ok(&mut self, path: &str) -> Value {
        let (s, v) = self.get(path);
        assert_eq!(s, 200, "{path}: {v}");
        v
    }

    pub fn sign_in(hq: &Hq, user: &str) -> Console {
        let mut c = Console::new(hq);
        let (s, v) = c.post(
            "/api/session",
            json!({"username": user, "password": "console-pass"}),
        );
        assert_eq!(s, 200, "{v}");
        c
    }
}

/// The console's people the tests sign in as (password `console-pass`): (username, role, estate).
pub const PEOPLE: [(&str, &str, Option<&str>); 3] = [
    ("boss", "admin", None),
    ("caiwu", "finance", None),
    ("jingli2", "manager", Some("EST2")),
];

/// Add `PEOPLE` to head office.
pub fn add_people(hq: &Hq) {
    for (u, role, estate) in PEOPLE {
        let mut args = vec!["user-add", u, "测试", "--role", role];
        args.extend(["--password", "console-pass"]);
        if let Some(e) = estate {
            args.extend(["--estate", e]);
        }
        hq_cli(&hq.db, &args);
    }
}
