//! Loading the generated sample portfolio into an empty workspace.

use serde::Serialize;
use signalbox_domain::demo::{generate, DemoSize};
use signalbox_domain::EntityKind;
use ts_rs::TS;

use crate::{environments, services, teams, ApiError, Counts, Result, Workspace};

/// What loading the sample stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleReport {
    pub size: DemoSize,
    #[ts(type = "number")]
    pub seed: u64,
    pub counts: Counts,
}

impl Workspace {
    /// Fills an empty workspace with the sample portfolio for `seed`, in one
    /// transaction with an audit event per record.
    pub fn load_sample(&mut self, size: DemoSize, seed: u64) -> Result<SampleReport> {
        if !self.is_empty()? {
            return Err(ApiError::Conflict(
                "the sample portfolio can only be loaded into an empty workspace; this one already has data".into(),
            ));
        }
        let portfolio = generate(size, seed);
        self.write(
            &[
                EntityKind::Team,
                EntityKind::Service,
                EntityKind::Environment,
            ],
            |tx, ctx| {
                let mut team_ids = Vec::with_capacity(portfolio.teams.len());
                for team in portfolio.teams {
                    team_ids.push(teams::create_in(tx, ctx, team)?.id);
                }
                for env in portfolio.environments {
                    environments::create_in(tx, ctx, env)?;
                }
                for s in portfolio.services {
                    let mut input = s.input;
                    input.owner_team_id = team_ids.get(s.owner).copied();
                    services::create_in(tx, ctx, input)?;
                }
                Ok(())
            },
        )?;
        Ok(SampleReport {
            size,
            seed,
            counts: self.counts()?,
        })
    }
}
