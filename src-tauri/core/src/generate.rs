//! A data generator: a programme at the scale of a large council (10,000 contracts and
//! 30,000 reports by default) for benchmarks and for trying the portfolio screens. It
//! writes straight to the tables in one transaction, with deterministic values, so two
//! runs give the same database.

use crate::error::{CoreError, FieldError, Result};
use crate::store::Store;
use chrono::{Days, NaiveDate};
use rusqlite::params;

/// How much to make.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub contracts: usize,
    pub reports: usize,
    /// One report in this many is reviewed by the group (with agreed levels and actions).
    pub reviewed_every: usize,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            contracts: 10_000,
            reports: 30_000,
            reviewed_every: 6,
        }
    }
}

/// What was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Made {
    pub contracts: usize,
    pub reports: usize,
    pub reviews: usize,
    pub actions: usize,
    pub plan_items: usize,
}

const AREAS: [&str; 8] = [
    "Adult Social Care and Health",
    "Children, Young People and Education",
    "Growth, Environment and Transport",
    "Strategic and Corporate Services",
    "Highways",
    "Public Health",
    "Finance",
    "Infrastructure",
];

/// A repeatable spread of numbers: the n-th value of a small hash.
fn mix(n: u64) -> u64 {
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 32)
}

fn level(seed: u64) -> u8 {
    // Mostly 2 to 4, as a council's portfolio is.
    [1, 2, 2, 3, 3, 3, 4, 4, 5][(mix(seed) % 9) as usize]
}

/// Fills an empty store with a programme of `scale`'s size, as of `today`. A store that
/// already has a contract is refused, so made-up contracts never mix with real ones.
pub fn programme(store: &mut Store, scale: Scale, today: NaiveDate) -> Result<Made> {
    let stamp = "2026-01-01T00:00:00Z";
    let tx = crate::store::write_transaction(&mut store.conn)?;
    let existing: i64 = tx.query_row("SELECT COUNT(*) FROM contract", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(CoreError::Validation(vec![FieldError::new(
            "database",
            format!(
                "The database already has {existing} contract{}: a made-up programme only goes into an empty database, so it never mixes with real contracts.",
                if existing == 1 { "" } else { "s" }
            ),
        )]));
    }
    if scale.contracts == 0 {
        return Err(CoreError::Validation(vec![FieldError::new(
            "contracts",
            "Make at least one contract.",
        )]));
    }
    let framework: String = tx.query_row(
        "SELECT id FROM framework_version ORDER BY id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let mut made = Made::default();
    let first_id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM contract", [], |r| {
        r.get(0)
    })?;
    {
        let mut c = tx.prepare(
            "INSERT INTO contract (id, name, reference, contractor_legal_name, award_date, start_date, expiry_date,
               whole_life_cost_nominal_pence, service_area, contract_owner, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?;
        for n in 0..scale.contracts {
            let id = first_id + n as i64;
            let h = mix(n as u64);
            let award = NaiveDate::from_ymd_opt(2014 + (h % 10) as i32, 1 + (h % 12) as u32, 1)
                .unwrap_or(today);
            let expiry = today
                .checked_add_days(Days::new(h % (8 * 365)))
                .unwrap_or(today);
            let expiry = expiry.max(award + Days::new(365));
            // From £5,000 to about £90 million, most of them small.
            let pounds = 5_000 + (mix(h) % 1_000) * (mix(h >> 7) % 1_000) * (1 + h % 90);
            c.execute(params![
                id,
                format!("Contract {n} – {}", AREAS[n % AREAS.len()]),
                format!("GEN-{n:06}"),
                format!("Supplier {} Limited", h % 2_000),
                award,
                expiry,
                (pounds * 100) as i64,
                AREAS[n % AREAS.len()],
                format!("Owner {}", h % 400),
                stamp,
            ])?;
        }
        made.contracts = scale.contracts;
    }
    tx.execute(
        "INSERT OR IGNORE INTO group_member (id, name, role, active_from, updated_at) VALUES
           (1, 'Chair of the group', 'Cabinet Member for Strategic Commissioning (Chair)', '2010-01-01', ?1),
           (2, 'Deputy member', 'Deputy Cabinet Member for Strategic Commissioning', '2010-01-01', ?1),
           (3, 'Finance lead', 'Head of Finance, Operations', '2010-01-01', ?1)",
        [stamp],
    )?;
    let first_report: i64 = tx.query_row(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM maturity_report",
        [],
        |r| r.get(0),
    )?;
    let themes: Vec<i64> = {
        let mut s = tx.prepare("SELECT id FROM theme ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        v
    };
    {
        let mut report = tx.prepare(
            "INSERT INTO maturity_report (id, title, meeting_date, status, framework_id, created_at, updated_at, uid, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, 1)",
        )?;
        let mut link = tx.prepare(
            "INSERT INTO report_contract (report_id, contract_id, position) VALUES (?1, ?2, 0)",
        )?;
        let mut assess = tx.prepare(
            "INSERT INTO activity_assessment (report_id, activity, current_level, target_level, rationale, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'Generated for the benchmark', ?5)",
        )?;
        let mut meeting = tx.prepare(
            "INSERT INTO review_meeting (held_on, starts_at, ends_at, chair_id, updated_at) VALUES (?1, '11:30', '12:30', 1, ?2)",
        )?;
        let mut review = tx.prepare(
            "INSERT INTO review (meeting_id, report_id, position, revealed_at, outcome, updated_at)
             VALUES (?1, ?2, 0, ?3, ?4, ?3)",
        )?;
        let mut moderate = tx.prepare(
            "INSERT INTO moderated_level (review_id, activity, level, rationale, updated_at) VALUES (?1, ?2, ?3, 'Agreed', ?4)",
        )?;
        let mut action = tx.prepare(
            "INSERT INTO review_action (review_id, position, text, owner, due, status, updated_at, closed_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut finding = tx.prepare(
            "INSERT INTO finding (review_id, position, kind, activity, text) VALUES (?1, 0, 'issue', ?2, ?3)",
        )?;
        let mut tag =
            tx.prepare("INSERT INTO finding_theme (finding_id, theme_id) VALUES (?1, ?2)")?;
        for k in 0..scale.reports {
            let id = first_report + k as i64;
            let contract = first_id + (k % scale.contracts.max(1)) as i64;
            // Later reports on a contract come later in time; spread over ten years.
            let round = k / scale.contracts.max(1);
            let day = (mix(k as u64 + 7) % 1_000) + round as u64 * 1_100;
            let on = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap_or(today) + Days::new(day);
            let on = on.min(today);
            let reviewed = scale.reviewed_every > 0 && k % scale.reviewed_every == 0;
            let status = if reviewed { "reviewed" } else { "submitted" };
            report.execute(params![
                id,
                format!("Maturity report {k}"),
                on,
                status,
                framework,
                format!("{on}T09:00:00Z"),
                format!("{:032x}", mix(k as u64) as u128 * 7919 + k as u128),
            ])?;
            link.execute(params![id, contract])?;
            for a in 0..=8u64 {
                let cur = level(k as u64 * 16 + a);
                let tgt = (cur + (mix(k as u64 * 32 + a) % 3) as u8).min(5);
                assess.execute(params![id, a as i64, cur, tgt, stamp])?;
            }
            if reviewed {
                meeting.execute(params![on, stamp])?;
                let meeting_id = tx.last_insert_rowid();
                let outcome = ["reviewed", "reviewed_with_concerns", "return_for_re_review"]
                    [(mix(k as u64 + 3) % 3) as usize];
                review.execute(params![meeting_id, id, stamp, outcome])?;
                let review_id = tx.last_insert_rowid();
                made.reviews += 1;
                for a in 1..=8u64 {
                    moderate.execute(params![
                        review_id,
                        a as i64,
                        level(k as u64 * 16 + a + 1),
                        stamp
                    ])?;
                }
                for p in 0..2u64 {
                    let due = on + Days::new(90 + 60 * p);
                    let closed = mix(k as u64 * 4 + p).is_multiple_of(3);
                    let (status, closed_on) = if closed {
                        ("done", Some(due.min(today)))
                    } else {
                        ("open", None)
                    };
                    action.execute(params![
                        review_id,
                        p as i64,
                        format!("Action {} from report {k}", p + 1),
                        format!("Owner {}", mix(k as u64) % 400),
                        due,
                        status,
                        stamp,
                        closed_on,
                    ])?;
                    made.actions += 1;
                }
                if !themes.is_empty() {
                    finding.execute(params![
                        review_id,
                        (1 + mix(k as u64) % 8) as i64,
                        "Generated finding"
                    ])?;
                    let f = tx.last_insert_rowid();
                    tag.execute(params![
                        f,
                        themes[(mix(k as u64 + 1) as usize) % themes.len()]
                    ])?;
                }
            }
        }
        made.reports = scale.reports;
    }
    {
        // A forward plan: a meeting a fortnight for the next six months.
        let mut item = tx.prepare(
            "INSERT INTO plan_item (planned_on, starts_at, ends_at, lead_officer, updated_at) VALUES (?1, '15:00', '16:00', ?2, ?3)",
        )?;
        let mut link = tx.prepare(
            "INSERT INTO plan_item_contract (plan_id, contract_id, position) VALUES (?1, ?2, 0)",
        )?;
        for w in 0..13u64 {
            if scale.contracts == 0 {
                break;
            }
            item.execute(params![
                today + Days::new(14 * (w + 1)),
                format!("Lead officer {w}"),
                stamp
            ])?;
            let plan = tx.last_insert_rowid();
            link.execute(params![
                plan,
                first_id + (mix(w) % scale.contracts as u64) as i64
            ])?;
            made.plan_items += 1;
        }
    }
    tx.commit()?;
    Ok(made)
}
