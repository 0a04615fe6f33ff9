//! Incidents: the objects incident updates are written about.

use signalbox_domain::notices::{Incident, IncidentInput};
use signalbox_domain::{new_id, AuditAction, EntityKind};
use signalbox_store::{notices as store, services};
use uuid::Uuid;

use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

impl Workspace {
    /// Incidents, the newest first.
    pub fn list_incidents(&self) -> Result<Vec<Incident>> {
        Ok(store::incidents(self.conn())?)
    }

    /// An incident by id or exact title (any case).
    pub fn find_incident(&self, reference: &str) -> Result<Incident> {
        let reference = reference.trim();
        let all = store::incidents(self.conn())?;
        if let Ok(id) = Uuid::parse_str(reference) {
            if let Some(i) = all.iter().find(|i| i.id == id) {
                return Ok(i.clone());
            }
        }
        all.into_iter()
            .find(|i| i.title.eq_ignore_ascii_case(reference))
            .ok_or_else(|| ApiError::NotFound(format!("no incident called \"{reference}\"")))
    }

    fn check_services(conn: &signalbox_store::Connection, input: &IncidentInput) -> Result<()> {
        for id in &input.service_ids {
            if services::get(conn, *id)?.is_none() {
                return Err(ApiError::field(
                    "service_ids",
                    format!("No service with id {id}: it may have been deleted"),
                ));
            }
        }
        Ok(())
    }

    pub fn add_incident(&mut self, input: &IncidentInput) -> Result<Incident> {
        let input = input.validate()?;
        self.write_keeping_caches(&[EntityKind::Incident], |tx, ctx| {
            Self::check_services(tx, &input)?;
            let i = Incident {
                id: new_id(ctx.now),
                title: input.title,
                status: input.status,
                impact: input.impact,
                service_ids: input.service_ids,
                started_at: input.started_at,
                resolved_at: input.resolved_at,
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            store::put_incident(tx, &i)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Incident, i.id, &i.title),
                AuditAction::Created,
                None,
                Some(&i),
            )?;
            Ok(i)
        })
    }

    pub fn update_incident(&mut self, id: Uuid, input: &IncidentInput) -> Result<Incident> {
        let input = input.validate()?;
        self.write_keeping_caches(&[EntityKind::Incident], |tx, ctx| {
            let before = store::incident(tx, id)?
                .ok_or_else(|| ApiError::not_found(EntityKind::Incident, id))?;
            Self::check_services(tx, &input)?;
            let after = Incident {
                title: input.title,
                status: input.status,
                impact: input.impact,
                service_ids: input.service_ids,
                started_at: input.started_at,
                resolved_at: input.resolved_at,
                updated_at: ctx.now,
                ..before.clone()
            };
            store::put_incident(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Incident, id, &after.title),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }
}
