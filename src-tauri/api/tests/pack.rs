//! The packs as a reader gets them: the PDF's text (through `pdftotext`, from
//! poppler-utils) and its outline (through lopdf), for the large fixture and for tables
//! built to span pages.

use cmm_api::reports::pack_source;
use cmm_api::review::{meeting_source, meeting_source_for};
use cmm_core::fixtures::Fixture;
use cmm_core::framework::{Section, ACTIVITY_NAMES};
use cmm_core::organisation::Organisation;
use cmm_core::reports::attestation::STATEMENTS;
use cmm_core::reports::sections::operational::IndicatorInput;
use cmm_core::Store;
use cmm_pack::{
    contract_pack, meeting_pack, section_heading, Marking, Pack, PackOptions, CONTENTS,
    DESCRIPTORS, EVIDENCE, SUBGROUP, SUMMARY,
};
use std::process::Command;

mod structure;

const TODAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2027, 1, 1) {
    Some(d) => d,
    None => panic!(),
};

const SENSITIVE: PackOptions = PackOptions {
    marking: Marking::OfficialSensitive,
    format: cmm_api::files::Format::Pdf,
};

/// The text of each page, in the order it was drawn (`pdftotext -raw`), whitespace
/// collapsed so a sentence wrapped inside a table cell reads as one line.
fn pages_text(pack: &Pack) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("pack.pdf");
    std::fs::write(&pdf, &pack.bytes).unwrap();
    // To look at the packs the tests make: CMM_PACK_KEEP=/some/folder.
    if let Some(keep) = std::env::var_os("CMM_PACK_KEEP") {
        let n = std::fs::read_dir(&keep).map(|d| d.count()).unwrap_or(0);
        let _ = std::fs::write(
            std::path::Path::new(&keep).join(format!("pack-{n}-{}.pdf", pack.pages)),
            &pack.bytes,
        );
    }
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

/// The outline as (level, title, page number) in reading order.
fn outline(pack: &Pack) -> Vec<(u8, String, usize)> {
    let doc = lopdf::Document::load_mem(&pack.bytes).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let catalog = doc.catalog().unwrap();
    let root = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let mut out = Vec::new();
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        level: u8,
        pages: &[lopdf::ObjectId],
        out: &mut Vec<(u8, String, usize)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let d = doc.get_dictionary(id).unwrap();
            let title = match d.get(b"Title").unwrap() {
                lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
                    let units: Vec<u16> = b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&units).unwrap()
                }
                lopdf::Object::String(b, _) => String::from_utf8(b.clone()).unwrap(),
                o => panic!("title {o:?}"),
            };
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            let page = dest[0].as_reference().unwrap();
            let n = pages.iter().position(|p| *p == page).unwrap() + 1;
            out.push((level, title, n));
            let child = d.get(b"First").ok().map(|o| o.as_reference().unwrap());
            walk(doc, child, level + 1, pages, out);
            next = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
    }
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .unwrap();
    walk(&doc, Some(first), 0, &pages, &mut out);
    out
}

fn large() -> (Store, i64) {
    let mut s = Store::open_in_memory().unwrap();
    let id = Fixture::large().load(&mut s).unwrap();
    (s, id)
}

#[test]
fn the_large_pack_has_every_section_activity_statement_and_page_number() {
    let (s, id) = large();
    let src = pack_source(&s, id, TODAY).unwrap();
    let pack = contract_pack(&src, &SENSITIVE);
    let tagged = structure::assert_tagged(&pack.bytes);
    for role in [
        "H1", "H2", "P", "L", "Table", "TH", "TD", "Figure", "TOC", "Link",
    ] {
        assert!(
            tagged.roles.contains_key(role),
            "no {role}: {:?}",
            tagged.roles
        );
    }
    // Every contents entry is a link to its page.
    assert_eq!(tagged.links, tagged.roles["TOCI"]);
    assert_eq!(tagged.roles["Link"], tagged.roles["TOCI"]);
    let pages = pages_text(&pack);
    assert_eq!(pages.len(), pack.pages);
    let all = pages.join(" ");

    for c in &src.document.contracts {
        assert!(pages[0].contains(&c.name), "cover lacks {}", c.name);
        assert!(pages[0].contains(&c.contractor_legal_name));
    }
    assert!(pages[0].contains("14 January 2027"));
    assert!(pages[0].contains("Submitted"));
    assert!(pages[0].contains("Signed by Rebecca Spore"));
    // Section 6's totals give the variance with one percent sign: "(−4.7%)", never "%%".
    assert!(!all.contains("%%"), "a doubled percent sign");
    let percent = all.find("%)").expect("a total's variance as a percentage");
    assert!(
        all[..percent].ends_with(|c: char| c.is_ascii_digit()),
        "{}",
        &all[percent.saturating_sub(40)..percent + 2]
    );

    for n in 1..=12u8 {
        let h = section_heading(Section::of(n), &Organisation::papers());
        assert!(all.contains(&h), "no heading {h}");
        assert!(pages[1].contains(&h), "contents lacks {h}");
    }
    for h in [SUMMARY, DESCRIPTORS, EVIDENCE, CONTENTS] {
        assert!(all.contains(h), "no {h}");
    }
    for a in ACTIVITY_NAMES {
        assert!(all.contains(a), "no activity {a}");
    }
    // The statements as the owner answered them, with the red flag the breach raises.
    for s in &src.document.attestation.statements {
        assert!(all.contains(s.as_str()), "no statement {s}");
    }
    let breached = STATEMENTS[5].answered(0, "KCC");
    assert!(all.contains(&format!("{breached} RED FLAG")), "{breached}");
    assert!(all.contains(src.seal.seal.as_deref().unwrap()));

    // "Page X of Y" and the marking on every page, the contract in the running header.
    let total = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Page {} of {total}", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            p.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {}",
            i + 1
        );
        assert!(p.contains("Total Facilities Management – East Kent"));
    }

    // Every KPI, risk and evidence file is there.
    for k in &src.operational.indicators {
        assert!(
            all.contains(&k.indicator.description),
            "{}",
            k.indicator.description
        );
    }
    for r in &src.risk.risks {
        assert!(all.contains(&r.risk.title), "{}", r.risk.title);
    }
    // A long name or hash wraps inside its cell; read them without the line breaks.
    let joined: String = all.split(' ').collect();
    for e in &src.document.evidence {
        assert!(
            joined.contains(&e.file_name.replace(' ', "")),
            "{}",
            e.file_name
        );
        assert!(all.contains(&e.sha256[..32]) && all.contains(&e.sha256[32..]));
    }
    // Descriptors of the chosen levels, in the matrix's words.
    let planning = &src.framework.activities[0];
    let current = cmm_core::framework::MaturityLevel::new(3).unwrap();
    for d in planning.descriptors_at(current) {
        assert!(all.contains(d.as_str()), "{d}");
    }
    assert!(all.contains("Amey Community Limited (trading as Amey)"));
    assert!(all.contains("£44,800,000.00"), "money is shown in pounds");
}

#[test]
fn the_outline_has_a_bookmark_for_every_part_and_the_contents_agree() {
    let (s, id) = large();
    let pack = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &SENSITIVE);
    let o = outline(&pack);
    let titles: Vec<&str> = o.iter().map(|(_, t, _)| t.as_str()).collect();
    let mut expected = vec!["Cover".to_owned(), CONTENTS.into(), SUMMARY.into()];
    expected.extend(
        Section::ALL
            .into_iter()
            .map(|s| section_heading(s, &Organisation::papers())),
    );
    expected.extend([DESCRIPTORS.to_owned(), EVIDENCE.into()]);
    assert_eq!(titles, expected);
    assert_eq!(o.len(), 17);
    let pages = pages_text(&pack);
    assert_eq!(o[0].2, 1, "the cover is page 1");
    for (_, title, page) in &o[1..] {
        // The bookmark goes to the page the heading is on, and the contents say so.
        assert!(
            pages[page - 1].contains(title.as_str()),
            "{title} not on page {page}"
        );
        if title != CONTENTS {
            assert!(
                pages[1].contains(&format!("{title} {page}")),
                "contents: {title} {page}"
            );
        }
    }
}

#[test]
fn sixty_kpis_span_pages_with_the_header_repeated() {
    let mut f = Fixture::large();
    let base = f.operational.indicators[0].clone();
    f.operational.indicators = (1..=60)
        .map(|i| IndicatorInput {
            reference: format!("KPI {i}"),
            description: format!("Indicator number {i}: jobs completed within the contracted time"),
            ..base.clone()
        })
        .collect();
    f.evidence.retain(|e| {
        !matches!(
            e.target,
            cmm_core::reports::evidence::EvidenceTarget::Row { .. }
        )
    });
    let mut s = Store::open_in_memory().unwrap();
    let id = f.load(&mut s).unwrap();
    let pages = pages_text(&contract_pack(
        &pack_source(&s, id, TODAY).unwrap(),
        &SENSITIVE,
    ));
    // The dashboard's header row, whose narrow columns pdftotext reads a line at a time.
    let header = [
        "Indicator description",
        "Latest Month",
        "Month RAG",
        "DoT",
        "YTD",
        "Floor",
        "Previous",
    ];
    let with_kpis: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("jobs completed within the contracted time"))
        .collect();
    assert!(
        with_kpis.len() >= 2,
        "the table spans {} page(s)",
        with_kpis.len()
    );
    for p in &with_kpis {
        assert!(
            header.iter().all(|h| p.contains(h)),
            "a page of the KPI table lacks its header row"
        );
    }
    let all = pages.join(" ");
    for i in 1..=60 {
        assert!(
            all.contains(&format!("Indicator number {i}: jobs")),
            "KPI {i} is missing"
        );
    }
}

#[test]
fn the_same_report_gives_the_same_bytes_and_a_small_file() {
    let (s, id) = large();
    let a = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &SENSITIVE);
    let b = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &SENSITIVE);
    assert!(a.bytes == b.bytes, "two exports differ");
    let official = contract_pack(
        &pack_source(&s, id, TODAY).unwrap(),
        &PackOptions::default(),
    );
    assert!(official.bytes != a.bytes);
    // Fonts are subset: the two faces whole would be about 800 KB on their own.
    assert!(a.bytes.len() < 300_000, "{} bytes", a.bytes.len());
}

#[test]
fn a_report_changed_after_signing_says_so_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let id = {
        let mut s = Store::open(&db).unwrap();
        Fixture::large().load(&mut s).unwrap()
    };
    // Someone edits a rationale behind the app's back.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE activity_assessment SET rationale = 'Edited later' WHERE activity = 3",
            [],
        )
        .unwrap();
    let s = Store::open(&db).unwrap();
    let pages = pages_text(&contract_pack(
        &pack_source(&s, id, TODAY).unwrap(),
        &SENSITIVE,
    ));
    assert!(
        pages[0].contains("CHANGED AFTER ATTESTATION"),
        "{}",
        pages[0]
    );
    let all = pages.join(" ");
    assert!(all.contains("The report has been changed since it was signed"));
    assert!(
        all.contains("Section 2 (Maturity assessment): Activity 3: Administration changed"),
        "the change is named"
    );
    assert!(
        !all.contains("Section 5 (Operational performance) changed"),
        "only real changes"
    );
}

#[test]
fn a_meeting_pack_has_an_agenda_and_a_bookmark_per_contract() {
    let mut s = Store::open_in_memory().unwrap();
    let first = Fixture::large().load(&mut s).unwrap();
    let mut other = Fixture::large();
    other.report.title = "Highways term maintenance".into();
    for (i, c) in other.contracts.iter_mut().enumerate() {
        c.name = format!("Highways term maintenance {}", i + 1);
        c.reference = format!("HW-{i}");
    }
    other.contracts.truncate(1);
    other.sign = false;
    other.load(&mut s).unwrap();
    let date = pack_source(&s, first, TODAY)
        .unwrap()
        .document
        .meeting_date
        .unwrap();
    assert_eq!(s.meeting_reports(date).unwrap().len(), 2);
    let m = meeting_source(&s, date, TODAY).unwrap();
    let pack = meeting_pack(&m, &PackOptions::default());
    let tagged = structure::assert_tagged(&pack.bytes);
    // The agenda's page numbers link to each item's pack, and each pack's contents to its
    // parts.
    assert_eq!(tagged.links, 2 + tagged.roles["TOCI"]);
    let pages = pages_text(&pack);
    assert!(pages[0].contains("Agenda"));
    assert!(pages[0].contains("Highways term maintenance 1"));
    assert!(pages[0].contains("Total Facilities Management – East Kent"));
    let o = outline(&pack);
    let top: Vec<&str> = o
        .iter()
        .filter(|x| x.0 == 0)
        .map(|x| x.1.as_str())
        .collect();
    assert_eq!(
        top,
        vec![
            "Agenda",
            "Highways term maintenance 1",
            // A group is named by its stem once, as the running header names it.
            "Total Facilities Management – East Kent, Mid Kent and West Kent"
        ]
    );
    // Each contract's bookmark has its sections under it, on the right pages.
    assert_eq!(o.iter().filter(|x| x.0 == 1).count(), 2 * 16);
    for (_, title, page) in &o {
        assert!(
            pages[page - 1].contains(title.as_str()) || title.contains(';'),
            "{title} not on page {page}"
        );
    }
    // The agenda's page numbers are where each pack starts.
    let start = o
        .iter()
        .find(|x| x.1 == "Highways term maintenance 1")
        .unwrap()
        .2;
    assert!(pages[0].contains("Not signed (Draft: not yet signed and submitted)"));
    assert!(
        pages[0].contains("Signed 22") || pages[0].contains("Signed "),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("1 red flag"));
    assert!(pages[start - 1].contains("Contract management maturity report"));
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains(&format!("Page {} of {}", i + 1, pages.len())));
        assert!(p.contains("OFFICIAL"));
        assert!(!p.contains("OFFICIAL-SENSITIVE"));
    }
}

#[test]
fn the_embedded_fonts_are_the_unmodified_liberation_sans_files() {
    use sha2::Digest;
    let hex = |b: &[u8]| {
        sha2::Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        hex(cmm_pack::layout::REGULAR_TTF),
        "8d91388f1d3604b3b8ae0e3ee2d140e50cd6122f9214514f4aca772540a4076d"
    );
    assert_eq!(
        hex(cmm_pack::layout::BOLD_TTF),
        "ba0e0dc3f7aca5b0afbc31e800531ee43be3aa79ae35b2ef1f6470a9547765c4"
    );
}

#[test]
fn a_reviewed_report_carries_the_sub_groups_scores_findings_actions_and_outcome() {
    use cmm_core::review::{
        ActionInput, FindingInput, FindingKind, MeetingInput, MemberInput, ModerationInput,
        Outcome, OutcomeInput, ScoreInput,
    };
    let (mut s, id) = large();
    let members: Vec<i64> = ["Roger Gough", "Shellina Prendergast", "Peter Oakford"]
        .iter()
        .map(|n| {
            s.save_member(
                None,
                &MemberInput {
                    name: (*n).into(),
                    role: "Member".into(),
                    active_from: "2016-01-01".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id
        })
        .collect();
    let meeting = s
        .save_meeting(
            None,
            &MeetingInput {
                held_on: "2026-12-10".into(),
                chair_id: Some(members[0]),
                present: members.clone(),
                report_ids: vec![id],
                ..Default::default()
            },
        )
        .unwrap();
    let review = s.meeting(meeting).unwrap().items[0].review_id;
    for (i, m) in members.iter().enumerate() {
        let scores: Vec<ScoreInput> = (1..=8)
            .map(|a| ScoreInput {
                activity: a,
                level: Some(2 + i as i64),
                capped: a == 3 && i == 0,
                cap_reason: if a == 3 && i == 0 {
                    "Systems limit Administration to 3".into()
                } else {
                    String::new()
                },
                ..Default::default()
            })
            .collect();
        s.record_scores(review, *m, &scores).unwrap();
    }
    s.reveal_scores(review).unwrap();
    for a in 1..=8 {
        s.moderate(
            review,
            a,
            &ModerationInput {
                level: Some(3),
                rationale: "Agreed on the evidence".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    s.save_finding(
        review,
        None,
        &FindingInput {
            kind: FindingKind::Issue,
            activity: Some(5),
            text: "KPI data is self-reported".into(),
            theme_ids: vec![],
        },
    )
    .unwrap();
    s.save_action(
        review,
        None,
        &ActionInput {
            text: "Validate KPI returns monthly".into(),
            owner: "Rebecca Spore".into(),
            due: "2026-12-20".into(),
            ..Default::default()
        },
        TODAY,
    )
    .unwrap();
    s.set_outcome(
        review,
        &OutcomeInput {
            outcome: Some(Outcome::ReviewedWithConcerns),
            ..Default::default()
        },
    )
    .unwrap();

    let pack = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &SENSITIVE);
    let pages = pages_text(&pack);
    let all = pages.join(" ");
    for part in [
        SUBGROUP,
        "Reviewed with concerns",
        "Roger Gough",
        "Shellina Prendergast",
        "Peter Oakford",
        "KPI data is self-reported",
        "Validate KPI returns monthly",
        "Open: OVERDUE",
        "Systems limit Administration to 3",
        "Agreed by the sub-group",
    ] {
        assert!(all.contains(part), "the pack lacks {part:?}");
    }
    let titles: Vec<String> = outline(&pack).into_iter().map(|o| o.1).collect();
    assert_eq!(titles.last().map(String::as_str), Some(SUBGROUP));

    // The recorded meeting's pack: its agenda page names the chair and the members.
    let m = meeting_source_for(&s, meeting, TODAY).unwrap();
    let pages = pages_text(&meeting_pack(&m, &SENSITIVE));
    assert!(
        pages[0].contains("Chair Roger Gough, Member"),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("Members Peter Oakford; Roger Gough; Shellina Prendergast"));
    assert!(pages[0].contains("Total Facilities Management (East, Mid and West Kent)"));
}

/// A programme with a year of reviews, and a forward plan with one moved meeting.
fn programme() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    cmm_core::fixtures::generate::programme(
        &mut store,
        cmm_core::fixtures::generate::Scale {
            contracts: 40,
            reports: 400,
            reviewed_every: 3,
        },
        TODAY,
    )
    .unwrap();
    let ids: Vec<i64> = store
        .register()
        .unwrap()
        .contracts
        .iter()
        .map(|c| c.id)
        .collect();
    cmm_core::fixtures::plan_with_a_move(&mut store, &ids).unwrap();
    store
}

#[test]
fn the_six_month_update_reads_like_the_councils_own() {
    let store = programme();
    let report = store
        .six_month_update(
            &cmm_core::programme::six_month_update::SixMonthUpdateInput {
                from: "2026-07-01".into(),
                to: "2026-12-31".into(),
                committee: String::new(),
            },
            TODAY,
        )
        .unwrap();
    assert!(!report.reviews.is_empty());
    let pack = cmm_pack::six_month_update_pack(&report, TODAY, &PackOptions::default());
    structure::assert_tagged(&pack.bytes);
    let pages = pages_text(&pack);
    let all = pages.join(" ");
    for want in [
        "Six Month Update and Forward Plan for Contract Management Review Group",
        "To: Policy and Resources Cabinet Committee",
        "Period: 1 July 2026 to 31 December 2026",
        "The Policy and Resources Cabinet Committee are asked to:",
        "i) comment on the report and endorse the timetable of reviews",
        "1 Overview",
        "1.2 The membership of the group is:",
        "Cabinet Member for Strategic Commissioning (Chair)",
        "In total, CMRG has reviewed",
        "2 Contracts reviewed in the period",
        "3 Improvement on re-review",
        "4 Key learnings from reviews undertaken in the period",
        "5 Actions",
        "6 The portfolio's maturity",
        "7 Upcoming reviews",
        "Stage of commissioning cycle",
        "Date of CMRG Contract Lead Officer Status",
        "12.03.27, 3pm – 4pm (Moved from 14.02.27, 3pm – 4pm)",
        "Inward Investment Contract - Locate in Kent",
        "David Hughes",
        "April 2027 (date tbc)",
        "TBC",
    ] {
        assert!(all.contains(want), "missing {want:?} in {all}");
    }
    for name in ACTIVITY_NAMES {
        assert!(all.contains(name), "missing activity {name}");
    }
    for r in &report.reviews {
        assert!(all.contains(&r.contracts[0]), "missing {}", r.contracts[0]);
    }
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {i}"
        );
        assert_eq!(p.matches("OFFICIAL").count(), 2, "page {i}");
    }
    let marks = outline(&pack);
    let titles: Vec<&str> = marks.iter().map(|m| m.1.as_str()).collect();
    assert_eq!(
        titles,
        [
            "1 Overview",
            "2 Contracts reviewed in the period",
            "3 Improvement on re-review",
            "4 Key learnings from reviews undertaken in the period",
            "5 Actions",
            "6 The portfolio's maturity",
            "7 Upcoming reviews"
        ]
    );
    for (_, title, page) in &marks {
        assert!(
            pages[*page - 1].contains(title.as_str()),
            "{title} on {page}"
        );
    }
    // The same report gives the same bytes.
    assert_eq!(
        cmm_pack::six_month_update_pack(&report, TODAY, &PackOptions::default()).bytes,
        pack.bytes
    );
}

#[test]
fn the_forward_plan_is_the_committee_table() {
    let store = programme();
    let from = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    let plan = store.forward_plan(Some(from), Some(to)).unwrap();
    let pack = cmm_pack::plan_pack(
        &plan,
        "Kent County Council",
        from,
        to,
        TODAY,
        &PackOptions::default(),
    );
    structure::assert_tagged(&pack.bytes);
    let all = pages_text(&pack).join(" ");
    assert!(all.contains("Forward plan of reviews, 1 January 2027 to 30 June 2027"));
    assert!(all.contains("Date of CMRG Contract Lead Officer Status"));
    assert!(all.contains("(Moved from 14.02.27, 3pm – 4pm)"));
    assert!(all.contains("Moved"));
    for item in &plan {
        assert!(all.contains(&item.when), "{}", item.when);
    }
}

#[test]
fn the_feedback_letter_is_tagged() {
    let pack = cmm_pack::letter_pack(
        "Total Facilities Management (East, Mid and West Kent)",
        TODAY,
        "Kent County Council",
        "Dear Director,\n\nThe group reviewed the contract.\n\n- Refresh the exit plan\n- Validate the KPI returns\n\nYours sincerely,",
        &PackOptions::default(),
    );
    let tagged = structure::assert_tagged(&pack.bytes);
    assert!(tagged.roles.contains_key("P"), "{:?}", tagged.roles);
}

/// A part of a Word document, as text.
fn word_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
    let mut part = zip.by_name(name).expect("the part is there");
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_word_pack_has_the_pdfs_headings_tables_and_described_charts_and_the_same_bytes_each_time() {
    let (s, id) = large();
    let word = PackOptions {
        format: cmm_api::files::Format::Word,
        ..SENSITIVE
    };
    let a = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &word);
    let b = contract_pack(&pack_source(&s, id, TODAY).unwrap(), &word);
    assert!(a.bytes == b.bytes, "two exports in one run differ");
    assert!(a.bytes.starts_with(b"PK"));
    assert!(a.bytes.len() < 400_000, "{} bytes", a.bytes.len());

    let doc = word_part(&a.bytes, "word/document.xml");
    // Each paragraph in Word's Heading 1 style, with its text.
    let h1: Vec<String> = doc
        .split("<w:p ")
        .filter(|p| p.contains("<w:pStyle w:val=\"Heading1\" />"))
        .map(|p| {
            p.split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split("</w:t>").next())
                .collect::<String>()
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect();
    for section in Section::ALL {
        assert!(
            h1.contains(&section_heading(section, &Organisation::papers())),
            "no Heading 1 {:?} in {h1:?}",
            section_heading(section, &Organisation::papers())
        );
    }
    assert!(
        doc.matches("<w:tblHeader />").count() >= 10,
        "header rows repeat"
    );
    let described = doc.matches(" descr=\"").count();
    assert_eq!(
        described, 3,
        "the maturity bars, the payment profile and the heat maps"
    );
    assert!(!doc.contains("descr=\"\""), "every chart is described");
    // The pages the pack names (the 15 contents entries and "the maturity summary on page
    // N") are fields to bookmarks on the headings, which Word works out for its own pages.
    let refs: Vec<&str> = doc
        .split("<w:instrText>PAGEREF ")
        .skip(1)
        .filter_map(|t| t.split("</w:instrText>").next())
        .collect();
    assert_eq!(refs.len(), 16, "{refs:?}");
    for name in refs {
        assert!(
            doc.contains(&format!("w:name=\"{name}\" />")),
            "no bookmark {name}"
        );
    }
    let styles = word_part(&a.bytes, "word/styles.xml");
    assert!(styles.contains("<w:lang w:val=\"en-GB\""));
    assert!(styles.contains("w:ascii=\"Arial\""));
    assert!(styles.contains("<w:outlineLvl w:val=\"0\" />"));
    let core = word_part(&a.bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>Contract management maturity report: "));
    let header = word_part(&a.bytes, "word/header1.xml");
    assert!(header.contains("OFFICIAL-SENSITIVE"));
}

#[test]
fn another_councils_names_are_in_its_pack_and_kents_are_not() {
    let mut s = Store::open_in_memory().unwrap();
    let mut council = cmm_core::organisation::OrganisationInput::from(&Organisation::papers());
    council.name = "Borsetshire County Council".into();
    council.short_name = "BCC".into();
    council.board = "Strategic Commissioning Board".into();
    s.save_organisation(&council).unwrap();
    let id = Fixture::large().load(&mut s).unwrap();
    let src = pack_source(&s, id, TODAY).unwrap();
    let all = pages_text(&contract_pack(&src, &SENSITIVE)).join(" ");
    for want in [
        "Borsetshire County Council",
        "Meeting of the Strategic Commissioning Board sub-group",
        "Section 7 – Fulfilment of BCC's obligations",
        "Obligations and dependencies on BCC",
        "held to account to the Strategic Commissioning Board for the management",
        "BCC's rights under the contract(s) have not been waived",
        "Support required from the Strategic Commissioning Board",
    ] {
        assert!(all.contains(want), "no {want:?}");
    }
    // The fixture's own text names KCC and Kent; the template's words must not.
    for kent in [
        "Kent County Council",
        "KCC's",
        "within KCC",
        "on KCC",
        "Programme Delivery Board",
        "{council}",
        "{board}",
    ] {
        let at = all.find(kent);
        assert!(
            at.is_none(),
            "{kent:?} is in another council's pack: {}",
            &all[at.unwrap_or(0).saturating_sub(80)..(at.unwrap_or(0) + 80).min(all.len())]
        );
    }
    // The report is signed: renamed later, the council's names it was signed with stay.
    council.name = "Wessex Unitary Authority".into();
    council.short_name = "WUA".into();
    council.board = "Wessex Commercial Board".into();
    s.save_organisation(&council).unwrap();
    let again = pages_text(&contract_pack(
        &pack_source(&s, id, TODAY).unwrap(),
        &SENSITIVE,
    ))
    .join(" ");
    for want in [
        "Section 7 – Fulfilment of BCC's obligations",
        "held to account to the Strategic Commissioning Board for the management",
        "BCC's rights under the contract(s) have not been waived",
    ] {
        assert!(again.contains(want), "no {want:?} once the names changed");
    }
    assert!(!again.contains("Wessex Commercial Board"));
    assert_eq!(
        s.verify_report(id).unwrap().state,
        cmm_core::reports::seal::SealState::Intact
    );
}
