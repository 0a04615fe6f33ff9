//! Risk assessment: a weighted questionnaire gives a score, mapped to a
//! level by thresholds; rule-based conditions computed from data give levels
//! too (short lead time, a critical service, near a freeze, recent failures,
//! many dependants, production). The highest level wins and every reason is
//! kept, so a CAB sees why. Questions, weights, thresholds and rules are
//! data the workspace edits; the facts are gathered by the caller.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validation::ValidationErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Moderate,
    High,
    Critical,
}

impl RiskLevel {
    pub fn label(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Moderate => "moderate",
            RiskLevel::High => "high",
            RiskLevel::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerOption {
    pub label: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Question {
    /// Stable key answers refer to.
    pub key: String,
    pub text: String,
    pub options: Vec<AnswerOption>,
}

/// The lowest score of each level above `low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Thresholds {
    pub moderate: u32,
    pub high: u32,
    pub critical: u32,
}

impl Thresholds {
    pub fn level(&self, score: u32) -> RiskLevel {
        if score >= self.critical {
            RiskLevel::Critical
        } else if score >= self.high {
            RiskLevel::High
        } else if score >= self.moderate {
            RiskLevel::Moderate
        } else {
            RiskLevel::Low
        }
    }
}

/// One rule-based condition: on when its limit is crossed, then at `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rule {
    pub enabled: bool,
    /// Days, hours or a count, as the rule reads it.
    pub limit: u32,
    pub level: RiskLevel,
}

/// The rule-based conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RiskRules {
    /// Planned less than `limit` days ahead.
    pub short_lead_time: Rule,
    /// A critical-tier service is affected (`limit` unused).
    pub critical_service: Rule,
    /// Inside a freeze, or within `limit` hours of one.
    pub near_freeze: Rule,
    /// A deployment of an affected service failed in the last `limit` days.
    pub recent_failure: Rule,
    /// More than `limit` services depend on the affected ones, directly or not.
    pub many_dependants: Rule,
    /// The environment is production (`limit` unused).
    pub production: Rule,
}

/// The whole policy: questions, thresholds and rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RiskPolicy {
    pub questions: Vec<Question>,
    pub thresholds: Thresholds,
    pub rules: RiskRules,
}

/// What the data says about a change, gathered by the caller.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskFacts {
    /// Hours from now (or from when it was requested) to its start.
    pub lead_time_hours: f64,
    /// Affected services of the critical tier, by name.
    pub critical_services: Vec<String>,
    /// The nearest freeze: its name and the hours to it (0 when inside).
    pub nearest_freeze: Option<(String, f64)>,
    /// Affected services with a failed deployment, and how many days ago.
    pub recent_failures: Vec<(String, f64)>,
    /// Services depending on the affected ones, directly or not.
    pub dependants: u32,
    /// False when counting stopped past the rule's limit (there may be more).
    pub dependants_exact: bool,
    pub production: bool,
}

/// Why a change is at a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RiskReason {
    pub level: RiskLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RiskAssessment {
    /// The highest of the score's level and every condition's.
    pub level: RiskLevel,
    pub score: u32,
    pub score_level: RiskLevel,
    /// Highest first; the score's own reason included.
    pub reasons: Vec<RiskReason>,
    /// Questions not answered yet (they count 0).
    pub unanswered: Vec<String>,
}

/// Answers: the chosen option's index by question key.
pub type Answers = BTreeMap<String, usize>;

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl RiskPolicy {
    /// What ships: five questions and the six conditions.
    pub fn defaults() -> RiskPolicy {
        let q = |key: &str, text: &str, options: &[(&str, u32)]| Question {
            key: key.into(),
            text: text.into(),
            options: options
                .iter()
                .map(|(label, weight)| AnswerOption {
                    label: (*label).into(),
                    weight: *weight,
                })
                .collect(),
        };
        let rule = |limit, level| Rule {
            enabled: true,
            limit,
            level,
        };
        RiskPolicy {
            questions: vec![
                q(
                    "tested",
                    "How was the change tested?",
                    &[
                        ("Automated tests and staging", 0),
                        ("Staging only", 2),
                        ("Not tested", 5),
                    ],
                ),
                q(
                    "rollback",
                    "Can it be rolled back?",
                    &[
                        ("Automatically", 0),
                        ("By hand, rehearsed", 1),
                        ("By hand, never tried", 3),
                        ("No", 5),
                    ],
                ),
                q(
                    "data",
                    "Does it change data or schemas?",
                    &[("No", 0), ("Backward compatible", 2), ("Irreversibly", 5)],
                ),
                q(
                    "downtime",
                    "Will users notice?",
                    &[("No", 0), ("Degraded briefly", 2), ("Outage", 5)],
                ),
                q(
                    "novelty",
                    "Has this kind of change been done before?",
                    &[("Routinely", 0), ("A few times", 1), ("Never", 3)],
                ),
            ],
            thresholds: Thresholds {
                moderate: 4,
                high: 9,
                critical: 15,
            },
            rules: RiskRules {
                short_lead_time: rule(2, RiskLevel::High),
                critical_service: rule(0, RiskLevel::High),
                near_freeze: rule(24, RiskLevel::High),
                recent_failure: rule(7, RiskLevel::Moderate),
                many_dependants: rule(20, RiskLevel::High),
                production: rule(0, RiskLevel::Moderate),
            },
        }
    }

    /// Checks an edited policy, naming each problem.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        let mut keys = std::collections::HashSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let n = i + 1;
            if q.key.trim().is_empty() || q.text.trim().is_empty() {
                e.add("questions", format!("Question {n} needs a key and a text"));
            } else if !keys.insert(q.key.trim().to_lowercase()) {
                e.add(
                    "questions",
                    format!("Question {n}: the key \"{}\" is used twice", q.key),
                );
            }
            if q.options.len() < 2 {
                e.add(
                    "questions",
                    format!("Question {n} needs at least two answers"),
                );
            }
            if q.options.iter().any(|o| o.label.trim().is_empty()) {
                e.add(
                    "questions",
                    format!("Question {n} has an answer without a label"),
                );
            }
        }
        let t = self.thresholds;
        if !(0 < t.moderate && t.moderate < t.high && t.high < t.critical) {
            e.add(
                "thresholds",
                "Thresholds must rise: moderate above 0, high above moderate, critical above high",
            );
        }
        e.into_result(())
    }

    /// Scores `answers` and applies the conditions to `facts`. An answer to
    /// a question the policy does not have, or an option it does not offer,
    /// is refused.
    pub fn assess(
        &self,
        answers: &Answers,
        facts: &RiskFacts,
    ) -> Result<RiskAssessment, ValidationErrors> {
        self.check_answers(answers)?;
        Ok(self.evaluate(answers, facts))
    }

    /// Refuses an answer to a question the policy does not have, or an
    /// option it does not offer, naming it.
    pub fn check_answers(&self, answers: &Answers) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        for (key, choice) in answers {
            match self.questions.iter().find(|q| &q.key == key) {
                None => e.add("answers", format!("There is no question \"{key}\"")),
                Some(q) if *choice >= q.options.len() => e.add(
                    "answers",
                    format!("\"{}\" has no answer number {}", q.text, choice + 1),
                ),
                Some(_) => {}
            }
        }
        e.into_result(())
    }

    /// The questionnaire's score; answers the policy no longer has (it was
    /// edited since) count nothing.
    fn score(&self, answers: &Answers) -> u32 {
        self.questions
            .iter()
            .filter_map(|q| answers.get(&q.key).and_then(|i| q.options.get(*i)))
            .map(|o| o.weight)
            .sum()
    }

    /// Which conditions hold, in the order of [`Condition::ALL`].
    fn fired(&self, facts: &RiskFacts) -> [bool; 6] {
        let r = &self.rules;
        let limit = |rule: &Rule| f64::from(rule.limit);
        let freeze = facts
            .nearest_freeze
            .as_ref()
            .is_some_and(|(_, hours)| *hours <= 0.0 || *hours < limit(&r.near_freeze));
        [
            facts.lead_time_hours / 24.0 < limit(&r.short_lead_time),
            !facts.critical_services.is_empty(),
            freeze,
            facts
                .recent_failures
                .iter()
                .any(|(_, ago)| *ago <= limit(&r.recent_failure)),
            facts.dependants > r.many_dependants.limit,
            facts.production,
        ]
    }

    fn rule(&self, c: Condition) -> &Rule {
        let r = &self.rules;
        match c {
            Condition::ShortLeadTime => &r.short_lead_time,
            Condition::CriticalService => &r.critical_service,
            Condition::NearFreeze => &r.near_freeze,
            Condition::RecentFailure => &r.recent_failure,
            Condition::ManyDependants => &r.many_dependants,
            Condition::Production => &r.production,
        }
    }

    /// The level alone, writing no reason: for ranking thousands of changes.
    pub fn level(&self, answers: &Answers, facts: &RiskFacts) -> RiskLevel {
        let fired = self.fired(facts);
        Condition::ALL
            .iter()
            .zip(fired)
            .filter(|(c, hit)| *hit && self.rule(**c).enabled)
            .map(|(c, _)| self.rule(*c).level)
            .fold(self.thresholds.level(self.score(answers)), RiskLevel::max)
    }

    /// The whole assessment with every reason. Answers the policy no longer
    /// has count nothing (stored answers outlive edits of the questionnaire).
    pub fn evaluate(&self, answers: &Answers, facts: &RiskFacts) -> RiskAssessment {
        let score = self.score(answers);
        let unanswered = self
            .questions
            .iter()
            .filter(|q| {
                answers
                    .get(&q.key)
                    .and_then(|i| q.options.get(*i))
                    .is_none()
            })
            .map(|q| q.text.clone())
            .collect();
        let score_level = self.thresholds.level(score);
        let mut reasons = vec![RiskReason {
            level: score_level,
            text: format!("Questionnaire score {score} ({})", score_level.label()),
        }];
        let fired = self.fired(facts);
        for (c, hit) in Condition::ALL.into_iter().zip(fired) {
            let rule = self.rule(c);
            if hit && rule.enabled {
                reasons.push(RiskReason {
                    level: rule.level,
                    text: self.reason(c, facts),
                });
            }
        }
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        let level = reasons.first().map_or(score_level, |r| r.level);
        RiskAssessment {
            level,
            score,
            score_level,
            reasons,
            unanswered,
        }
    }

    fn reason(&self, c: Condition, facts: &RiskFacts) -> String {
        let limit = self.rule(c).limit;
        match c {
            Condition::ShortLeadTime => format!(
                "Planned {:.1} days ahead, less than {}",
                (facts.lead_time_hours / 24.0).max(0.0),
                plural(limit, "day", "days")
            ),
            Condition::CriticalService => format!(
                "Critical service affected: {}",
                facts.critical_services.join(", ")
            ),
            Condition::NearFreeze => match &facts.nearest_freeze {
                Some((name, hours)) if *hours > 0.0 => {
                    format!("{hours:.0} h from the freeze \"{name}\"")
                }
                Some((name, _)) => format!("Inside the freeze \"{name}\""),
                None => String::new(),
            },
            Condition::RecentFailure => {
                let failed: Vec<String> = facts
                    .recent_failures
                    .iter()
                    .filter(|(_, ago)| *ago <= f64::from(limit))
                    .map(|(s, ago)| format!("{s} ({ago:.0} days ago)"))
                    .collect();
                format!("Failed deployments lately: {}", failed.join(", "))
            }
            Condition::ManyDependants if facts.dependants_exact => format!(
                "{} depend on it, more than {limit}",
                plural(facts.dependants, "service", "services")
            ),
            Condition::ManyDependants => format!(
                "More than {} depend on it",
                plural(limit, "service", "services")
            ),
            Condition::Production => "Production environment".into(),
        }
    }
}

/// The rule-based conditions, in the order reasons of one level are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    ShortLeadTime,
    CriticalService,
    NearFreeze,
    RecentFailure,
    ManyDependants,
    Production,
}

impl Condition {
    const ALL: [Condition; 6] = [
        Condition::ShortLeadTime,
        Condition::CriticalService,
        Condition::NearFreeze,
        Condition::RecentFailure,
        Condition::ManyDependants,
        Condition::Production,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, usize)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    fn calm() -> RiskFacts {
        RiskFacts {
            lead_time_hours: 24.0 * 10.0,
            ..RiskFacts::default()
        }
    }

    #[test]
    fn the_score_maps_to_a_level_by_the_thresholds() {
        let p = RiskPolicy::defaults();
        let low = p
            .assess(&answers(&[("tested", 0)]), &calm())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((low.score, low.level), (0, RiskLevel::Low));
        assert_eq!(low.unanswered.len(), 4);
        let risky = answers(&[("tested", 2), ("rollback", 3), ("data", 2), ("downtime", 1)]);
        let a = p
            .assess(&risky, &calm())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((a.score, a.level), (17, RiskLevel::Critical));
        assert_eq!(a.reasons[0].text, "Questionnaire score 17 (critical)");
    }

    #[test]
    fn conditions_raise_the_level_and_every_reason_is_kept_highest_first() {
        let p = RiskPolicy::defaults();
        let facts = RiskFacts {
            lead_time_hours: 12.0,
            critical_services: vec!["ledger".into()],
            nearest_freeze: Some(("Year end".into(), 0.0)),
            recent_failures: vec![("ledger".into(), 3.0), ("checkout".into(), 30.0)],
            dependants: 21,
            dependants_exact: true,
            production: true,
        };
        let a = p
            .assess(&Answers::new(), &facts)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.level, RiskLevel::High);
        let texts: Vec<&str> = a.reasons.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Planned 0.5 days ahead, less than 2 days",
                "Critical service affected: ledger",
                "Inside the freeze \"Year end\"",
                "21 services depend on it, more than 20",
                "Failed deployments lately: ledger (3 days ago)",
                "Production environment",
                "Questionnaire score 0 (low)",
            ]
        );
        // A disabled rule says nothing; a rule can be set to critical.
        let mut p = RiskPolicy::defaults();
        p.rules.production.enabled = false;
        p.rules.critical_service.level = RiskLevel::Critical;
        let a = p
            .assess(&Answers::new(), &facts)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.level, RiskLevel::Critical);
        assert!(!a.reasons.iter().any(|r| r.text == "Production environment"));
    }

    #[test]
    fn a_freeze_far_away_and_an_old_failure_say_nothing() {
        let p = RiskPolicy::defaults();
        let facts = RiskFacts {
            nearest_freeze: Some(("Weekend".into(), 48.0)),
            recent_failures: vec![("ledger".into(), 8.0)],
            ..calm()
        };
        let a = p
            .assess(&Answers::new(), &facts)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((a.level, a.reasons.len()), (RiskLevel::Low, 1));
        let near = RiskFacts {
            nearest_freeze: Some(("Weekend".into(), 5.0)),
            ..calm()
        };
        let a = p
            .assess(&Answers::new(), &near)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.reasons[0].text, "5 h from the freeze \"Weekend\"");
    }

    #[test]
    fn answers_to_unknown_questions_or_options_are_refused_by_name() {
        let p = RiskPolicy::defaults();
        let Err(e) = p.assess(&answers(&[("colour", 0)]), &calm()) else {
            panic!("an unknown question must be refused");
        };
        assert_eq!(e.0[0].message, "There is no question \"colour\"");
        let Err(e) = p.assess(&answers(&[("tested", 9)]), &calm()) else {
            panic!("an unknown option must be refused");
        };
        assert_eq!(
            e.0[0].message,
            "\"How was the change tested?\" has no answer number 10"
        );
    }

    #[test]
    fn the_quick_level_agrees_with_the_whole_assessment_and_old_answers_are_ignored() {
        let p = RiskPolicy::defaults();
        let facts = RiskFacts {
            critical_services: vec!["ledger".into()],
            ..calm()
        };
        let mut a = answers(&[("tested", 2), ("rollback", 3), ("data", 2)]);
        assert_eq!(p.level(&a, &facts), p.evaluate(&a, &facts).level);
        assert_eq!(p.level(&Answers::new(), &facts), RiskLevel::High);
        // An answer to a question removed since counts nothing.
        a.insert("removed".into(), 4);
        let e = p.evaluate(&a, &calm());
        assert_eq!((e.score, e.level), (15, RiskLevel::Critical));
    }

    #[test]
    fn an_edited_policy_is_checked() {
        assert!(RiskPolicy::defaults().validate().is_ok());
        let mut p = RiskPolicy::defaults();
        p.thresholds.high = p.thresholds.moderate;
        p.questions[1].key = "tested".into();
        p.questions[2].options.truncate(1);
        let Err(e) = p.validate() else {
            panic!("problems must be named");
        };
        let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Question 2: the key \"tested\" is used twice",
                "Question 3 needs at least two answers",
                "Thresholds must rise: moderate above 0, high above moderate, critical above high",
            ]
        );
    }
}
