//! The API's errors and their IPC shape, `{code, message, fields}`.

use serde::Serialize;
use signalbox_domain::{FieldError, ValidationErrors};
use signalbox_store::StoreError;
use ts_rs::TS;

/// Everything a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The input has problems, each tied to a field.
    #[error("{}", .0.summary())]
    Validation(ValidationErrors),
    #[error("{0}")]
    NotFound(String),
    /// The request contradicts the workspace's state (e.g. deleting a team that owns services).
    #[error("{0}")]
    Conflict(String),
    /// A governance rule refuses the action (self-approval, a skipped
    /// stage, a decision off the agenda); nothing was recorded.
    #[error("{0}")]
    Refused(String),
    /// A CSV or other import was refused; nothing was stored.
    #[error("{message}")]
    Import {
        message: String,
        problems: Vec<String>,
    },
    /// The user has not set a display name yet, so writes have no actor.
    #[error("set your display name first: it is recorded as the author of every change")]
    NeedsSetup,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A sync with a CI/CD provider failed; what was stored before stays.
    #[error("{0}")]
    Sync(String),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut e = ValidationErrors::default();
        e.add(field, message);
        ApiError::Validation(e)
    }

    /// The record of `kind` with `id` does not exist (any more).
    pub fn not_found(kind: signalbox_domain::EntityKind, id: uuid::Uuid) -> ApiError {
        ApiError::NotFound(format!("no {kind} with id {id}: it may have been deleted"))
    }

    /// The code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Validation(_) => ErrorCode::Validation,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Refused(_) => ErrorCode::Refused,
            ApiError::Import { .. } => ErrorCode::ImportRejected,
            ApiError::NeedsSetup => ErrorCode::NeedsSetup,
            ApiError::Sync(_) => ErrorCode::SyncFailed,
            ApiError::Store(StoreError::NotAWorkspace { .. }) => ErrorCode::NotAWorkspace,
            ApiError::Store(StoreError::TooNew { .. }) => ErrorCode::WorkspaceTooNew,
            ApiError::Store(StoreError::ReadOnly { .. }) => ErrorCode::WorkspaceReadOnly,
            ApiError::Store(StoreError::Io { .. }) => ErrorCode::WorkspaceUnavailable,
            ApiError::Store(e) if is_read_only(e) => ErrorCode::WorkspaceReadOnly,
            ApiError::Store(e) if e.is_unique_violation() => ErrorCode::Conflict,
            ApiError::Store(_) | ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The shape that crosses IPC and the CLI's `--json` output.
    pub fn payload(&self) -> ErrorPayload {
        let (fields, problems) = match self {
            ApiError::Validation(v) => (v.0.clone(), Vec::new()),
            ApiError::Import { problems, .. } => (Vec::new(), problems.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        let message = match self {
            ApiError::Store(e) if is_read_only(e) => {
                "the workspace file is read-only: the change was not saved".to_string()
            }
            // Another process saved the same name between our check and our write.
            ApiError::Store(e) if e.is_unique_violation() => {
                "that name was just taken by another change; reload and pick another name"
                    .to_string()
            }
            other => other.to_string(),
        };
        ErrorPayload {
            code: self.code(),
            message,
            fields,
            problems,
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(v: ValidationErrors) -> Self {
        ApiError::Validation(v)
    }
}

impl From<signalbox_store::rusqlite_error::Error> for ApiError {
    fn from(e: signalbox_store::rusqlite_error::Error) -> Self {
        ApiError::Store(StoreError::Sqlite(e))
    }
}

fn is_read_only(e: &StoreError) -> bool {
    matches!(e, StoreError::Sqlite(signalbox_store::rusqlite_error::Error::SqliteFailure(f, _))
        if f.code == signalbox_store::rusqlite_error::ErrorCode::ReadOnly)
}

/// The error codes the UI and scripts branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Refused,
    ImportRejected,
    NeedsSetup,
    NotAWorkspace,
    WorkspaceTooNew,
    WorkspaceReadOnly,
    WorkspaceUnavailable,
    SyncFailed,
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// Per-field problems, for `validation`.
    pub fields: Vec<FieldError>,
    /// Per-row problems, for `import_rejected` (`row 3, column tier: ...`).
    pub problems: Vec<String>,
}
