//! .eml drafts (RFC 5322 with MIME): a multipart/alternative message with a
//! plain-text and an HTML part, both UTF-8 in base64, non-ASCII headers as
//! RFC 2047 encoded words, and `X-Unsent: 1` so Outlook opens it as a draft
//! (Thunderbird opens it as a message to edit as new).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::recipients::Recipient;

/// What a draft holds.
pub struct Draft<'a> {
    pub from: Option<&'a Recipient>,
    pub to: &'a [Recipient],
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    pub date: DateTime<Utc>,
    /// Makes the Message-ID and boundary (deterministic in tests).
    pub id: Uuid,
}

/// Header text with control characters (a CR or LF could start a new
/// header) turned into spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// `s` as it may stand in a header: as is when plain ASCII, else as encoded
/// words of at most 75 characters, split between characters.
pub fn encode_word(s: &str) -> String {
    let s = one_line(s);
    if s.is_ascii() && s.len() <= 900 {
        return s;
    }
    // 45 bytes of UTF-8 become 60 base64 characters: with `=?UTF-8?B?` and
    // `?=` that is 72, inside the 75 RFC 2047 allows.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in s.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
    }
    words.join("\r\n ")
}

fn mailbox(r: &Recipient) -> String {
    let name = one_line(&r.name);
    if name.is_empty() {
        return format!("<{}>", r.address);
    }
    if name.is_ascii() {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\" <{}>", r.address)
    } else {
        format!("{} <{}>", encode_word(&name), r.address)
    }
}

fn base64_lines(text: &str) -> String {
    let encoded = STANDARD.encode(text.replace("\r\n", "\n").replace('\n', "\r\n"));
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    for (i, chunk) in encoded.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

/// The whole message, CRLF line ends throughout.
pub fn render(d: &Draft<'_>) -> String {
    let boundary = format!("=_signalbox_{}", d.id.simple());
    let mut h = Vec::new();
    if let Some(from) = d.from {
        h.push(format!("From: {}", mailbox(from)));
    }
    if !d.to.is_empty() {
        let to: Vec<String> = d.to.iter().map(mailbox).collect();
        h.push(format!("To: {}", to.join(",\r\n ")));
    }
    h.push(format!("Subject: {}", encode_word(d.subject)));
    h.push(format!("Date: {}", d.date.to_rfc2822()));
    h.push(format!("Message-ID: <{}@signalbox.invalid>", d.id));
    h.push("X-Unsent: 1".to_owned());
    h.push("MIME-Version: 1.0".to_owned());
    h.push(format!(
        "Content-Type: multipart/alternative; boundary=\"{boundary}\""
    ));
    let part = |kind: &str, body: &str| {
        format!(
            "--{boundary}\r\nContent-Type: {kind}; charset=utf-8\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64_lines(body)
        )
    };
    format!(
        "{}\r\n\r\nThis is a multipart message in MIME format.\r\n\r\n{}{}--{boundary}--\r\n",
        h.join("\r\n"),
        part("text/plain", d.text),
        part("text/html", d.html),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn decode_word(w: &str) -> String {
        let inner = w
            .trim()
            .strip_prefix("=?UTF-8?B?")
            .and_then(|s| s.strip_suffix("?="))
            .unwrap();
        String::from_utf8(STANDARD.decode(inner).unwrap()).unwrap()
    }

    #[test]
    fn non_ascii_subjects_become_short_encoded_words_that_decode_back() {
        let subject =
            "Wartungsfenster für Zahlungsdienst – Dienstag 24. November, 22:00–23:30 MEZ ✓";
        let encoded = encode_word(subject);
        let words: Vec<&str> = encoded.split("\r\n ").collect();
        assert!(words.len() > 1);
        assert!(words.iter().all(|w| w.len() <= 75), "{words:?}");
        assert_eq!(
            words.iter().map(|w| decode_word(w)).collect::<String>(),
            subject
        );
        assert_eq!(
            encode_word("Plain\r\nBcc: evil@example.com"),
            "Plain  Bcc: evil@example.com"
        );
    }

    #[test]
    fn a_draft_is_multipart_text_and_html_with_crlf_lines() {
        let to = [
            Recipient {
                name: "Ops \"on call\"".into(),
                address: "ops@example.com".into(),
            },
            Recipient {
                name: "Zoë".into(),
                address: "zoe@example.com".into(),
            },
        ];
        let m = render(&Draft {
            from: None,
            to: &to,
            subject: "Maintenance",
            text: "Hello\nworld",
            html: "<p>Hello</p>",
            date: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
            id: Uuid::nil(),
        });
        assert!(m.contains("To: \"Ops \\\"on call\\\"\" <ops@example.com>,\r\n =?UTF-8?B?"));
        assert!(m.contains("Subject: Maintenance\r\n"));
        assert!(m.contains("Date: Tue, 24 Nov 2026 09:00:00 +0000\r\n"));
        assert!(m.contains("Content-Type: multipart/alternative; boundary=\"=_signalbox_"));
        assert_eq!(m.matches("Content-Transfer-Encoding: base64").count(), 2);
        assert!(m.contains(&STANDARD.encode("Hello\r\nworld")));
        assert!(m.ends_with("--\r\n"));
        assert!(
            !m.replace("\r\n", "").contains('\n'),
            "bare LF in the message"
        );
    }
}
