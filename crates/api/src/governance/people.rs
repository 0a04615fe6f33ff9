//! People and their governance roles: who may approve, who sits on a CAB.

use serde::Serialize;
use signalbox_domain::governance::{Person, PersonInput};
use signalbox_domain::{AuditAction, EntityKind};
use signalbox_store::people;
use ts_rs::TS;
use uuid::Uuid;

use crate::workspace::{record, Subject};
use crate::{ApiError, Result, Workspace};

/// A person as listed, with how many decisions they have given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonView {
    pub person: Person,
    pub decisions: u32,
    /// The current user acts as this person.
    pub is_me: bool,
}

impl Workspace {
    pub fn list_people(&self) -> Result<Vec<PersonView>> {
        let conn = self.conn();
        let me = self.actor().ok();
        people::list(conn)?
            .into_iter()
            .map(|p| {
                Ok(PersonView {
                    decisions: u32::try_from(people::decisions(conn, p.id)?).unwrap_or(0),
                    is_me: me
                        .as_deref()
                        .is_some_and(|m| m.eq_ignore_ascii_case(&p.name)),
                    person: p,
                })
            })
            .collect()
    }

    /// A person by exact name (any case).
    pub fn person_by_name(&self, name: &str) -> Result<Option<Person>> {
        Ok(people::by_name(self.conn(), name)?)
    }

    pub fn add_person(&mut self, input: &PersonInput) -> Result<Person> {
        let input = input.validate()?;
        self.write_governance(&[EntityKind::Person], |tx, ctx| {
            if people::by_name(tx, &input.name)?.is_some() {
                return Err(ApiError::field(
                    "name",
                    format!("There is already a person named \"{}\"", input.name),
                ));
            }
            insert_person(tx, ctx, &input.name, input.role)
        })
    }

    pub fn update_person(&mut self, id: Uuid, input: &PersonInput) -> Result<Person> {
        let input = input.validate()?;
        self.write_governance(&[EntityKind::Person], |tx, ctx| {
            let before =
                people::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Person, id))?;
            if let Some(other) = people::by_name(tx, &input.name)? {
                if other.id != id {
                    return Err(ApiError::field(
                        "name",
                        format!("There is already a person named \"{}\"", input.name),
                    ));
                }
            }
            let after = Person {
                name: input.name,
                role: input.role,
                updated_at: ctx.now,
                ..before.clone()
            };
            people::update(tx, &after)?;
            record(
                tx,
                ctx,
                Subject(EntityKind::Person, id, &after.name),
                AuditAction::Updated,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Removes a person who has never decided anything.
    pub fn delete_person(&mut self, id: Uuid) -> Result<()> {
        self.write_governance(&[EntityKind::Person, EntityKind::Cab], |tx, ctx| {
            let before = people::get(tx, id)?.ok_or_else(|| ApiError::not_found(EntityKind::Person, id))?;
            let n = people::decisions(tx, id)?;
            if n > 0 {
                return Err(ApiError::Conflict(format!(
                    "{} has given {n} decision(s); people with history cannot be deleted (change their role to viewer instead)",
                    before.name
                )));
            }
            people::delete(tx, id)?;
            record(tx, ctx, Subject(EntityKind::Person, id, &before.name), AuditAction::Deleted, Some(&before), None)
        })
    }
}

/// Stores a new person with its audit event.
pub(crate) fn insert_person(
    tx: &signalbox_store::Connection,
    ctx: &crate::workspace::Ctx<'_>,
    name: &str,
    role: signalbox_domain::governance::Role,
) -> Result<Person> {
    let p = Person {
        id: signalbox_domain::new_id(ctx.now),
        name: name.to_owned(),
        role,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    people::insert(tx, &p)?;
    record(
        tx,
        ctx,
        Subject(EntityKind::Person, p.id, &p.name),
        AuditAction::Created,
        None,
        Some(&p),
    )?;
    Ok(p)
}
