//! The risk register: every open change in a period with its level, the
//! reasons, owner and date, highest risk first; and its CSV export.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use signalbox_domain::calendar::{Change, Interval};
use signalbox_domain::governance::{ChangeGovernance, ChangeModel, RiskLevel, Stage};
use signalbox_store::environments;
use ts_rs::TS;
use uuid::Uuid;

use super::facts::Radius;
use crate::calendar::checks::check_range;
use crate::{Result, Workspace};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegisterQuery {
    /// Start of the period (default: now).
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// End of the period (default: 90 days after the start).
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
    /// Only these levels; empty means all.
    #[serde(default)]
    pub levels: Vec<RiskLevel>,
    /// Words in the title, owner or environment.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub offset: u32,
    /// Rows per page (default 100, at most 1,000).
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RegisterRow {
    pub change_id: Uuid,
    pub title: String,
    pub owner: String,
    pub environment: String,
    pub start: DateTime<Utc>,
    pub model: ChangeModel,
    pub stage: Stage,
    pub level: RiskLevel,
    pub score: u32,
    /// Highest first.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RegisterPage {
    pub rows: Vec<RegisterRow>,
    /// Rows matching, before paging.
    pub total: u32,
    /// Open changes in the period by level: low, moderate, high, critical.
    pub by_level: [u32; 4],
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

const DEFAULT_DAYS: i64 = 90;

impl Workspace {
    /// Ranks every open change in the period (levels only), then writes out
    /// the rows of `page` (offset, limit), or all of them.
    pub(crate) fn register_rows(
        &self,
        q: &RegisterQuery,
        page: Option<(usize, usize)>,
    ) -> Result<(Vec<RegisterRow>, usize, [u32; 4], Interval)> {
        let from = q.from.unwrap_or_else(|| self.now());
        let to = q.to.unwrap_or(from + Duration::days(DEFAULT_DAYS));
        let span = check_range(from, to)?;
        let envs: HashMap<Uuid, String> = environments::list(self.conn())?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let ctx = self.risk_context(span, Radius::UpToLimit)?;
        let record = |id: &Uuid| ctx.records.get(id);
        let words: Vec<String> = q.search.split_whitespace().map(str::to_lowercase).collect();
        self.with_calendar(|cache| {
            let open: Vec<&Change> = cache
                .overlapping(&span)
                .into_iter()
                .filter(|c| c.start >= span.start)
                .filter(|c| record(&c.id).is_none_or(|g: &ChangeGovernance| !g.stage.is_final()))
                .collect();
            let levels = ctx.levels(&open)?;
            let mut by_level = [0u32; 4];
            let mut ranked: Vec<(RiskLevel, &Change)> = Vec::new();
            for (c, level) in open.iter().zip(levels) {
                by_level[level as usize] += 1;
                if !q.levels.is_empty() && !q.levels.contains(&level) {
                    continue;
                }
                if !words.is_empty() {
                    let env = envs.get(&c.environment_id).map_or("", String::as_str);
                    let hay = format!("{} {} {env}", c.title, c.owner).to_lowercase();
                    if !words.iter().all(|w| hay.contains(w.as_str())) {
                        continue;
                    }
                }
                ranked.push((level, c));
            }
            ranked.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(a.1.start.cmp(&b.1.start))
                    .then(a.1.id.cmp(&b.1.id))
            });
            let total = ranked.len();
            let (skip, take) = page.unwrap_or((0, total));
            let shown: Vec<&Change> = ranked
                .iter()
                .skip(skip)
                .take(take)
                .map(|(_, c)| *c)
                .collect();
            let rows = shown
                .iter()
                .zip(ctx.assess_all(&shown)?)
                .map(|(c, (_, a))| {
                    let g = record(&c.id);
                    RegisterRow {
                        change_id: c.id,
                        title: c.title.clone(),
                        owner: c.owner.clone(),
                        environment: envs.get(&c.environment_id).cloned().unwrap_or_default(),
                        start: c.start,
                        model: g.map_or(ChangeModel::Normal, |g| g.model),
                        stage: g.map_or(Stage::New, |g| g.stage),
                        level: a.level,
                        score: a.score,
                        reasons: a.reasons.into_iter().map(|r| r.text).collect(),
                    }
                })
                .collect();
            Ok((rows, total, by_level, span))
        })?
    }

    /// A page of the risk register.
    pub fn risk_register(&self, q: &RegisterQuery) -> Result<RegisterPage> {
        let limit = q.limit.unwrap_or(100).clamp(1, 1000) as usize;
        let (rows, total, by_level, span) =
            self.register_rows(q, Some((q.offset as usize, limit)))?;
        Ok(RegisterPage {
            rows,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            by_level,
            from: span.start,
            to: span.end,
        })
    }

    /// The whole register (every page) as CSV.
    pub fn export_risk_register_csv(&self, q: &RegisterQuery) -> Result<String> {
        let (rows, _, _, _) = self.register_rows(q, None)?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| crate::ApiError::Internal(e.to_string());
        w.write_record([
            "level",
            "score",
            "title",
            "owner",
            "environment",
            "start",
            "model",
            "stage",
            "reasons",
            "change_id",
        ])
        .map_err(fail)?;
        for r in rows {
            w.write_record([
                r.level.label().to_string(),
                r.score.to_string(),
                r.title,
                r.owner,
                r.environment,
                r.start.to_rfc3339(),
                r.model.to_string(),
                r.stage.to_string(),
                r.reasons.join("; "),
                r.change_id.to_string(),
            ])
            .map_err(fail)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| crate::ApiError::Internal(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| crate::ApiError::Internal(e.to_string()))
    }
}
