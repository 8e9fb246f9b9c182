//! The review group's feedback letter as a PDF.

use crate::layout::pdf::Assembled;
use crate::layout::{Flow, Style, Weight, NAVY};
use crate::parts::{header_right, long_date};
use crate::{Pack, PackOptions};
use chrono::NaiveDate;

/// The group's feedback letter as a PDF: the letter's text laid out as written, with the
/// same running header, marking and page numbers as the packs. A line starting "- " is a
/// bullet; a line on its own before a list ("Strengths") is a heading. `council` is the
/// council's name, under the group's.
pub fn letter_pack(
    title: &str,
    held_on: NaiveDate,
    council: &str,
    text: &str,
    opts: &PackOptions,
) -> Pack {
    let mut f = Flow::new(title);
    f.title(
        "Contract Management Review Group",
        Style {
            weight: Weight::Bold,
            size: 18.0,
            colour: NAVY,
            indent: 0.0,
        },
    );
    f.paragraph(
        council,
        Style {
            size: 12.0,
            ..Style::LABEL
        },
    );
    f.paragraph(
        &format!("Feedback following the meeting of {}", long_date(held_on)),
        Style {
            size: 11.0,
            ..Style::LABEL
        },
    );
    f.gap(10.0);
    let lines: Vec<&str> = text.lines().collect();
    let mut bullets: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end();
        if let Some(item) = line.strip_prefix("- ") {
            bullets.push(item.to_owned());
            continue;
        }
        if !bullets.is_empty() {
            f.bullets(&std::mem::take(&mut bullets), Style::BODY);
        }
        let next_is_list = lines
            .get(i + 1)
            .is_some_and(|n| n.starts_with("- ") || n.starts_with("1. "));
        if line.is_empty() {
            f.gap(4.0);
        } else if next_is_list && line.len() < 60 {
            f.subheading(line);
        } else {
            f.paragraph(line, Style::BODY);
        }
    }
    if !bullets.is_empty() {
        f.bullets(&bullets, Style::BODY);
    }
    f.flush();
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: format!("Contract Management Review Group feedback: {title}"),
            header_right: header_right(Some(held_on)),
            kind: "Contract Management Review Group: feedback letter",
            pages: f.pages,
            tags: f.tags,
            outline: Vec::new(),
            marking: opts.marking,
            date: Some(held_on),
        },
    )
}
