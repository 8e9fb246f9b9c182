//! What changed from one framework version to another, as the screen shown before adopting a
//! revision lists it: activities added, retired, renamed or reworded (matched by key), the
//! bullets at each level reworded, added or removed, and the levels renamed.
//!
//! Bullets are compared as sequences with the `similar` crate (Myers' diff): a run of bullets
//! removed and added at the same place is read as the first ones reworded, one for one.

use crate::framework::{Activity, Framework, MaturityLevel};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};
use specta::Type;

/// Every difference between two framework versions, in the newer version's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FrameworkDiff {
    /// The version compared from (the one in use) and to (the revision).
    pub from: String,
    pub to: String,
    /// Each activity of either version, matched by key: the revision's in its order, then
    /// those it retires. Unchanged activities are listed too, so the screen can say so.
    pub activities: Vec<ActivityDifference>,
    /// Levels whose names differ.
    pub levels: Vec<LevelRenamed>,
    /// Activities retired and added again under the same name with another key: almost
    /// always a key changed by mistake, which would stop scores following the activity.
    pub rekeyed: Vec<Rekeyed>,
}

/// An activity the revision retires under one key and adds under another, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Rekeyed {
    pub name: String,
    /// Its key in the version in use.
    pub key_from: String,
    /// Its key in the revision.
    pub key: String,
}

impl FrameworkDiff {
    /// Whether the two versions say the same thing, word for word.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
            && self
                .activities
                .iter()
                .all(|a| a.kind == DifferenceKind::Unchanged)
    }

    /// The keys of the activities a report moving to the revision must be confirmed again
    /// for: those added or changed. Retired ones are not carried.
    pub fn to_confirm(&self) -> Vec<&str> {
        self.activities
            .iter()
            .filter(|a| matches!(a.kind, DifferenceKind::Added | DifferenceKind::Changed))
            .map(|a| a.key.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// Only the revision has it.
    Added,
    /// Only the version in use has it.
    Retired,
    /// Both have it, with a different name, purpose or bullets.
    Changed,
    Unchanged,
}

/// One activity, from one version to the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ActivityDifference {
    pub key: String,
    pub kind: DifferenceKind,
    /// Its name in the revision (in the version in use, if retired).
    pub name: String,
    /// Its name in the version in use, where the revision renames it.
    pub renamed_from: Option<String>,
    /// Its purpose in the version in use, where the revision rewords it.
    pub purpose_from: Option<String>,
    pub purpose: String,
    /// Its position in each version, 1 first.
    pub position_from: Option<u8>,
    pub position: Option<u8>,
    /// The bullets that differ, level by level. For an added or retired activity, every
    /// bullet (added or removed).
    pub bullets: Vec<BulletChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BulletChangeKind {
    Added,
    Removed,
    Reworded,
}

/// A bullet at one level, added, removed or reworded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BulletChange {
    pub level: MaturityLevel,
    pub kind: BulletChangeKind,
    /// The bullet in the version in use (removed or reworded).
    pub from: Option<String>,
    /// The bullet in the revision (added or reworded).
    pub to: Option<String>,
    /// For a reworded bullet, its words: kept, taken out and put in, in order.
    pub words: Vec<WordChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WordChangeKind {
    Kept,
    Removed,
    Added,
}

/// A run of words in a reworded bullet, with the space after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WordChange {
    pub kind: WordChangeKind,
    pub text: String,
}

/// A level whose name the revision changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LevelRenamed {
    pub level: MaturityLevel,
    pub from: String,
    pub to: String,
}

/// What changed from `from` (the version in use) to `to` (a revision).
pub fn compare(from: &Framework, to: &Framework) -> FrameworkDiff {
    let mut activities = Vec::new();
    for (i, new) in to.activities.iter().enumerate() {
        let old = from
            .activities
            .iter()
            .enumerate()
            .find(|(_, a)| a.key == new.key);
        activities.push(match old {
            Some((j, old)) => both(old, j, new, i),
            None => only(new, i, DifferenceKind::Added),
        });
    }
    for (j, old) in from.activities.iter().enumerate() {
        if to.activities.iter().all(|a| a.key != old.key) {
            activities.push(only(old, j, DifferenceKind::Retired));
        }
    }
    let levels = to
        .levels
        .iter()
        .filter_map(|l| {
            let was = from.levels.iter().find(|o| o.level == l.level)?;
            (was.name != l.name).then(|| LevelRenamed {
                level: l.level,
                from: was.name.clone(),
                to: l.name.clone(),
            })
        })
        .collect();
    let same_name = |a: &ActivityDifference, b: &ActivityDifference| {
        a.name.trim().to_lowercase() == b.name.trim().to_lowercase()
    };
    let rekeyed = activities
        .iter()
        .filter(|r| r.kind == DifferenceKind::Retired)
        .filter_map(|r| {
            activities
                .iter()
                .find(|a| a.kind == DifferenceKind::Added && same_name(a, r))
                .map(|a| Rekeyed {
                    name: a.name.clone(),
                    key_from: r.key.clone(),
                    key: a.key.clone(),
                })
        })
        .collect();
    FrameworkDiff {
        from: from.version.clone(),
        to: to.version.clone(),
        activities,
        levels,
        rekeyed,
    }
}

fn position(i: usize) -> Option<u8> {
    u8::try_from(i + 1).ok()
}

/// An activity only one version has: every bullet added (or removed).
fn only(a: &Activity, i: usize, kind: DifferenceKind) -> ActivityDifference {
    let added = kind == DifferenceKind::Added;
    let bullets = MaturityLevel::ALL
        .into_iter()
        .flat_map(|level| {
            a.descriptors_at(level).iter().map(move |b| BulletChange {
                level,
                kind: if added {
                    BulletChangeKind::Added
                } else {
                    BulletChangeKind::Removed
                },
                from: (!added).then(|| b.clone()),
                to: added.then(|| b.clone()),
                words: Vec::new(),
            })
        })
        .collect();
    ActivityDifference {
        key: a.key.clone(),
        kind,
        name: a.name.clone(),
        renamed_from: None,
        purpose_from: None,
        purpose: a.purpose.clone(),
        position_from: (!added).then(|| position(i)).flatten(),
        position: added.then(|| position(i)).flatten(),
        bullets,
    }
}

/// An activity both versions have, by key.
fn both(old: &Activity, j: usize, new: &Activity, i: usize) -> ActivityDifference {
    let mut bullets = Vec::new();
    for level in MaturityLevel::ALL {
        let (a, b) = (old.descriptors_at(level), new.descriptors_at(level));
        for op in capture_diff_slices(Algorithm::Myers, a, b) {
            match op {
                DiffOp::Equal { .. } => {}
                DiffOp::Delete {
                    old_index, old_len, ..
                } => bullets.extend(
                    a[old_index..old_index + old_len]
                        .iter()
                        .map(|x| removed(level, x)),
                ),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => bullets.extend(
                    b[new_index..new_index + new_len]
                        .iter()
                        .map(|x| added(level, x)),
                ),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let (olds, news) = (
                        &a[old_index..old_index + old_len],
                        &b[new_index..new_index + new_len],
                    );
                    let paired = old_len.min(new_len);
                    for (x, y) in olds.iter().zip(news) {
                        bullets.push(reworded(level, x, y));
                    }
                    bullets.extend(olds[paired..].iter().map(|x| removed(level, x)));
                    bullets.extend(news[paired..].iter().map(|y| added(level, y)));
                }
            }
        }
    }
    let renamed_from = (old.name != new.name).then(|| old.name.clone());
    let purpose_from = (old.purpose != new.purpose).then(|| old.purpose.clone());
    let kind = if renamed_from.is_none() && purpose_from.is_none() && bullets.is_empty() {
        DifferenceKind::Unchanged
    } else {
        DifferenceKind::Changed
    };
    ActivityDifference {
        key: new.key.clone(),
        kind,
        name: new.name.clone(),
        renamed_from,
        purpose_from,
        purpose: new.purpose.clone(),
        position_from: position(j),
        position: position(i),
        bullets,
    }
}

fn removed(level: MaturityLevel, x: &str) -> BulletChange {
    BulletChange {
        level,
        kind: BulletChangeKind::Removed,
        from: Some(x.to_owned()),
        to: None,
        words: Vec::new(),
    }
}

fn added(level: MaturityLevel, y: &str) -> BulletChange {
    BulletChange {
        level,
        kind: BulletChangeKind::Added,
        from: None,
        to: Some(y.to_owned()),
        words: Vec::new(),
    }
}

fn reworded(level: MaturityLevel, x: &str, y: &str) -> BulletChange {
    let mut words: Vec<WordChange> = Vec::new();
    for change in TextDiff::from_words(x, y).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => WordChangeKind::Kept,
            ChangeTag::Delete => WordChangeKind::Removed,
            ChangeTag::Insert => WordChangeKind::Added,
        };
        match words.last_mut() {
            Some(w) if w.kind == kind => w.text.push_str(change.value()),
            _ => words.push(WordChange {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    BulletChange {
        level,
        kind: BulletChangeKind::Reworded,
        from: Some(x.to_owned()),
        to: Some(y.to_owned()),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revised() -> Framework {
        Framework::from_json(include_str!(
            "../../../../tests/fixtures/frameworks/kcc-2027-04-revised.json"
        ))
        .unwrap()
    }

    #[test]
    fn the_same_version_has_no_differences() {
        let f = Framework::built_in();
        let d = compare(&f, &f);
        assert!(d.is_empty());
        assert_eq!(d.activities.len(), 8);
        assert!(d.to_confirm().is_empty());
    }

    #[test]
    fn a_key_changed_under_the_same_name_is_called_out() {
        let mut revised = Framework::built_in();
        revised.version = "kcc-2027-04".into();
        revised.activities[6].key = "risk-management".into();
        let d = compare(&Framework::built_in(), &revised);
        assert_eq!(
            d.rekeyed,
            vec![Rekeyed {
                name: "Risk".into(),
                key_from: "risk".into(),
                key: "risk-management".into()
            }]
        );
        assert!(compare(&Framework::built_in(), &revised)
            .to_confirm()
            .contains(&"risk-management"));
    }

    /// The test revision (tests/fixtures/frameworks/README.md) changes what its README
    /// says, and nothing else.
    #[test]
    fn a_revision_shows_each_activity_added_retired_renamed_and_reworded() {
        let d = compare(&Framework::built_in(), &revised());
        assert!(!d.is_empty());
        assert!(d.levels.is_empty());
        let kinds: Vec<(&str, DifferenceKind)> = d
            .activities
            .iter()
            .map(|a| (a.key.as_str(), a.kind))
            .collect();
        use DifferenceKind::*;
        assert_eq!(
            kinds,
            [
                ("planning-and-governance", Changed),
                ("people", Changed),
                ("administration", Changed),
                ("managing-relationships", Unchanged),
                ("managing-performance", Changed),
                ("payment-and-incentives", Unchanged),
                ("risk", Unchanged),
                ("social-value", Added),
                ("exit-and-transition", Added),
                ("contract-development", Retired),
            ]
        );
        let people = &d.activities[1];
        assert_eq!(people.renamed_from.as_deref(), Some("People"));
        assert_eq!(people.name, "People and skills");
        assert!(people.bullets.is_empty());

        let planning = &d.activities[0];
        assert_eq!(planning.bullets.len(), 1);
        let b = &planning.bullets[0];
        assert_eq!((b.level.get(), b.kind), (3, BulletChangeKind::Reworded));
        let put_in: String = b
            .words
            .iter()
            .filter(|w| w.kind == WordChangeKind::Added)
            .map(|w| w.text.as_str())
            .collect();
        assert!(put_in.contains("fully"), "{:?}", b.words);
        let kept: String = b
            .words
            .iter()
            .filter(|w| w.kind != WordChangeKind::Added)
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(Some(kept.as_str()), b.from.as_deref());

        let admin = &d.activities[2].bullets;
        assert_eq!(admin.len(), 1);
        assert_eq!(
            (admin[0].level.get(), admin[0].kind),
            (2, BulletChangeKind::Removed)
        );
        let perf = &d.activities[4].bullets;
        assert_eq!(
            (perf[0].level.get(), perf[0].kind),
            (5, BulletChangeKind::Added)
        );

        let social = &d.activities[7];
        assert_eq!((social.position_from, social.position), (None, Some(8)));
        assert_eq!(social.bullets.len(), 5);
        let retired = &d.activities[9];
        assert_eq!((retired.position_from, retired.position), (Some(8), None));
        assert!(retired
            .bullets
            .iter()
            .all(|b| b.kind == BulletChangeKind::Removed));

        assert_eq!(
            d.to_confirm(),
            [
                "planning-and-governance",
                "people",
                "administration",
                "managing-performance",
                "social-value",
                "exit-and-transition"
            ]
        );
    }

    #[test]
    fn a_run_of_bullets_replaced_pairs_rewordings_then_adds_the_rest() {
        let mut a = Framework::built_in();
        a.activities.truncate(1);
        let mut b = a.clone();
        let bullets = b.activities[0].descriptors.get_mut("1").unwrap();
        bullets[1] = "Contract managers operate alone".into();
        bullets.insert(2, "A wholly new bullet".into());
        let d = compare(&a, &b);
        let kinds: Vec<BulletChangeKind> = d.activities[0].bullets.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BulletChangeKind::Reworded, BulletChangeKind::Added]);
    }
}
