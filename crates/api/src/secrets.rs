//! Connection tokens, kept only in the OS keyring.
//!
//! A token is stored under the service `signalbox` with the connection's id as
//! the user: in the Secret Service on Linux (GNOME Keyring, KWallet, KeePassXC),
//! the Keychain on macOS, the Credential Manager on Windows. It is never
//! written to the workspace, a log, an export or an error message, and no type
//! here shows it in its `Debug` output. Where no keyring service is running
//! the token is refused outright, with a plain message, rather than kept
//! anywhere else: the CLI can then take it at each sync instead.
//!
//! [`Secrets`] is the seam: [`KeyringSecrets`] is the real store,
//! [`MemorySecrets`] stands in for it in unit tests.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use uuid::Uuid;

use crate::{ApiError, Result, Workspace};

/// The keyring service name every token is stored under.
pub const SERVICE: &str = "signalbox";

/// What storing a token says when there is no keyring to store it in.
pub const NO_KEYRING: &str = "No keyring service is running (Secret Service on Linux): the token was not stored anywhere. Start your desktop's keyring, or pass the token at each sync with --token-env VAR.";

/// What reading a token says when there is no keyring to read it from.
pub const NO_KEYRING_READ: &str = "No keyring service is running (Secret Service on Linux): the token could not be read. Start your desktop's keyring, or give the token at each sync with --token-env VAR or --token-stdin (never on the command line).";

/// What deleting a token says when there is no keyring to delete it from.
pub const NO_KEYRING_DELETE: &str = "No keyring service is running (Secret Service on Linux): a token stored for this connection, if any, could not be deleted. Start your desktop's keyring and delete it there (service \"signalbox\", user the connection's id).";

/// Where connection tokens are kept.
pub trait Secrets: Send + Sync {
    /// Stores (or replaces) the token of `connection`.
    fn set(&self, connection: Uuid, token: &str) -> Result<()>;
    /// The token of `connection`, if one is stored.
    fn get(&self, connection: Uuid) -> Result<Option<String>>;
    /// Deletes the token of `connection`; true when there was one.
    fn delete(&self, connection: Uuid) -> Result<bool>;
}

/// What was being done when the keyring failed: the message depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Store,
    Read,
    Delete,
}

/// Why the keyring failed, as far as the user needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// No keyring service to talk to.
    Unavailable,
    /// The keyring is there but locked, or refused (a dismissed prompt).
    Refused,
    /// Anything else, with the keyring's own words (never the token).
    Other(String),
}

fn failure_error(op: Op, failure: Failure) -> ApiError {
    let message = match (op, failure) {
        (Op::Store, Failure::Unavailable) => NO_KEYRING.to_string(),
        (Op::Read, Failure::Unavailable) => NO_KEYRING_READ.to_string(),
        (Op::Delete, Failure::Unavailable) => NO_KEYRING_DELETE.to_string(),
        (Op::Store, Failure::Refused) => "The keyring is locked or refused access: the token was not stored anywhere. Unlock your keyring, or pass the token at each sync with --token-env VAR.".to_string(),
        (Op::Read, Failure::Refused) => "The keyring is locked or refused access: the token could not be read. Unlock your keyring, or give the token at each sync with --token-env VAR or --token-stdin (never on the command line).".to_string(),
        (Op::Delete, Failure::Refused) => "The keyring is locked or refused access: the token could not be deleted. Unlock your keyring and try again.".to_string(),
        (Op::Store, Failure::Other(why)) => format!("The keyring failed ({why}): the token was not stored anywhere. Pass the token at each sync with --token-env VAR instead."),
        (Op::Read, Failure::Other(why)) => format!("The keyring failed ({why}): the token could not be read. Give the token at each sync with --token-env VAR or --token-stdin (never on the command line)."),
        (Op::Delete, Failure::Other(why)) => format!("The keyring failed ({why}): the token could not be deleted."),
    };
    ApiError::Sync(message)
}

/// D-Bus errors that mean there is no Secret Service to talk to: no session
/// bus, nothing on it that provides `org.freedesktop.secrets`, or a provider
/// that could not be started or went away.
#[cfg(target_os = "linux")]
fn is_absent_service(name: &str) -> bool {
    const ABSENT: [&str; 8] = [
        "org.freedesktop.DBus.Error.FileNotFound",
        "org.freedesktop.DBus.Error.NoServer",
        "org.freedesktop.DBus.Error.BadAddress",
        "org.freedesktop.DBus.Error.NotSupported",
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.Disconnected",
        "org.freedesktop.DBus.Error.NoNetwork",
    ];
    ABSENT.contains(&name) || name.starts_with("org.freedesktop.DBus.Error.Spawn.")
}

/// Whether a D-Bus error in `e`'s causes says the service is absent.
fn names_absent_service(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        #[cfg(target_os = "linux")]
        if let Some(d) = c.downcast_ref::<dbus::Error>() {
            if d.name().is_some_and(is_absent_service) {
                return true;
            }
        }
        cause = c.source();
    }
    false
}

fn classify(e: &keyring::Error) -> Failure {
    match e {
        keyring::Error::NoStorageAccess(inner) if names_absent_service(inner.as_ref()) => {
            Failure::Unavailable
        }
        keyring::Error::NoStorageAccess(_) => Failure::Refused,
        keyring::Error::PlatformFailure(inner) if names_absent_service(inner.as_ref()) => {
            Failure::Unavailable
        }
        // Its value is the stored bytes, i.e. the token: say nothing of them.
        keyring::Error::BadEncoding(_) => Failure::Other("the stored token is not text".into()),
        other => Failure::Other(other.to_string()),
    }
}

/// Tokens in the OS keyring: service `signalbox`, user the connection's id.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyringSecrets;

impl KeyringSecrets {
    pub fn new() -> KeyringSecrets {
        KeyringSecrets
    }

    /// The keyring entry of `connection`. On Linux, explicitly the Secret
    /// Service's default collection: never the kernel keyring (lost at
    /// reboot) nor keyring's in-memory mock, whatever features get unified.
    fn entry(&self, connection: Uuid, op: Op) -> Result<keyring::Entry> {
        let user = connection.to_string();
        #[cfg(target_os = "linux")]
        let entry = keyring::secret_service::SsCredential::new_with_target(None, SERVICE, &user)
            .map(|mut c| {
                c.label = format!("Signalbox CI/CD token (connection {user})");
                keyring::Entry::new_with_credential(Box::new(c))
            });
        #[cfg(not(target_os = "linux"))]
        let entry = keyring::Entry::new(SERVICE, &user);
        entry.map_err(|e| failure_error(op, classify(&e)))
    }
}

impl Secrets for KeyringSecrets {
    fn set(&self, connection: Uuid, token: &str) -> Result<()> {
        self.entry(connection, Op::Store)?
            .set_password(token)
            .map_err(|e| failure_error(Op::Store, classify(&e)))
    }

    fn get(&self, connection: Uuid) -> Result<Option<String>> {
        match self.entry(connection, Op::Read)?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failure_error(Op::Read, classify(&e))),
        }
    }

    fn delete(&self, connection: Uuid) -> Result<bool> {
        match self.entry(connection, Op::Delete)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(failure_error(Op::Delete, classify(&e))),
        }
    }
}

/// Tokens in memory, for unit tests; or, made with
/// [`MemorySecrets::unavailable`], a keyring that is not running.
#[derive(Default)]
pub struct MemorySecrets {
    tokens: Mutex<HashMap<Uuid, String>>,
    unavailable: bool,
}

impl MemorySecrets {
    pub fn new() -> MemorySecrets {
        MemorySecrets::default()
    }

    /// A store that fails every call as a keyring that is not running does.
    pub fn unavailable() -> MemorySecrets {
        MemorySecrets {
            unavailable: true,
            ..MemorySecrets::default()
        }
    }

    fn tokens(&self, op: Op) -> Result<MutexGuard<'_, HashMap<Uuid, String>>> {
        if self.unavailable {
            return Err(failure_error(op, Failure::Unavailable));
        }
        // A panic while holding the lock cannot leave the map half-written.
        Ok(self.tokens.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl fmt::Debug for MemorySecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stored = self.tokens.lock().map_or(0, |t| t.len());
        f.debug_struct("MemorySecrets")
            .field("stored", &stored)
            .field("unavailable", &self.unavailable)
            .finish()
    }
}

impl Secrets for MemorySecrets {
    fn set(&self, connection: Uuid, token: &str) -> Result<()> {
        self.tokens(Op::Store)?.insert(connection, token.to_owned());
        Ok(())
    }

    fn get(&self, connection: Uuid) -> Result<Option<String>> {
        Ok(self.tokens(Op::Read)?.get(&connection).cloned())
    }

    fn delete(&self, connection: Uuid) -> Result<bool> {
        Ok(self.tokens(Op::Delete)?.remove(&connection).is_some())
    }
}

impl Workspace {
    /// Stores `token` for connection `id` in `secrets`, replacing any before
    /// it. The connection must exist; an empty token is refused.
    pub fn set_connection_token(&self, secrets: &dyn Secrets, id: Uuid, token: &str) -> Result<()> {
        let c = self.get_connection(id)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::field(
                "token",
                format!("The token for \"{}\" is empty", c.name),
            ));
        }
        secrets.set(c.id, token)
    }

    /// The token stored for connection `id`, if any.
    pub fn connection_token(&self, secrets: &dyn Secrets, id: Uuid) -> Result<Option<String>> {
        let c = self.get_connection(id)?;
        secrets.get(c.id)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const TOKEN: &str = "ghp_unit_test_token_1234567890";

    #[test]
    fn memory_secrets_store_read_replace_and_delete() {
        let s = MemorySecrets::new();
        let id = Uuid::now_v7();
        assert_eq!(s.get(id).unwrap(), None);
        s.set(id, TOKEN).unwrap();
        assert_eq!(s.get(id).unwrap().as_deref(), Some(TOKEN));
        s.set(id, "replaced").unwrap();
        assert_eq!(s.get(id).unwrap().as_deref(), Some("replaced"));
        assert!(s.delete(id).unwrap());
        assert!(!s.delete(id).unwrap());
        assert_eq!(s.get(id).unwrap(), None);
    }

    #[test]
    fn no_debug_output_shows_a_token() {
        let s = MemorySecrets::new();
        s.set(Uuid::now_v7(), TOKEN).unwrap();
        let shown = format!("{s:?} {s:#?} {:?} {:?}", KeyringSecrets::new(), Op::Store);
        assert!(shown.contains("stored: 1"), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
        let e = classify(&keyring::Error::BadEncoding(TOKEN.as_bytes().to_vec()));
        let error = failure_error(Op::Read, e);
        let shown = format!("{error} {error:?} {:?}", error.payload());
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(
            !shown.contains("103, 104, 112"),
            "no bytes of it either: {shown}"
        );
    }

    #[test]
    fn an_absent_keyring_says_so_plainly_and_keeps_nothing() {
        let s = MemorySecrets::unavailable();
        let id = Uuid::now_v7();
        let e = s.set(id, TOKEN).unwrap_err();
        assert_eq!(e.to_string(), NO_KEYRING);
        assert_eq!(e.payload().message, NO_KEYRING);
        assert_eq!(s.get(id).unwrap_err().to_string(), NO_KEYRING_READ);
        assert_eq!(s.delete(id).unwrap_err().to_string(), NO_KEYRING_DELETE);
        assert!(s.tokens.lock().unwrap().is_empty());
    }

    #[test]
    fn keyring_errors_are_told_apart() {
        #[derive(Debug)]
        struct Plain;
        impl fmt::Display for Plain {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the keychain said no")
            }
        }
        impl std::error::Error for Plain {}
        assert_eq!(
            classify(&keyring::Error::NoStorageAccess(Box::new(Plain))),
            Failure::Refused
        );
        let other = classify(&keyring::Error::PlatformFailure(Box::new(Plain)));
        assert!(
            matches!(&other, Failure::Other(why) if why.contains("the keychain said no")),
            "{other:?}"
        );
        #[cfg(target_os = "linux")]
        {
            assert!(is_absent_service(
                "org.freedesktop.DBus.Error.ServiceUnknown"
            ));
            assert!(is_absent_service(
                "org.freedesktop.DBus.Error.Spawn.ChildExited"
            ));
            assert!(!is_absent_service("org.freedesktop.Secret.Error.IsLocked"));
        }
    }

    #[test]
    fn the_workspace_refuses_empty_tokens_and_unknown_connections() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&dir.path().join("w.signalbox")).unwrap();
        let s = MemorySecrets::new();
        let e = ws
            .set_connection_token(&s, Uuid::now_v7(), TOKEN)
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::NotFound);
        assert!(s.tokens.lock().unwrap().is_empty());
    }
}
