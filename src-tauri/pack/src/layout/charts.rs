//! The pack's three charts, drawn with lines and rectangles: maturity (current against
//! target, with the sub-group's moderated level once there is one), the payment profile,
//! and the 5×5 risk heat maps. Every value a colour carries is also written as text.

use crate::layout::{
    Canvas, Colour, Flow, Weight, BAND_HIGH, BAND_LOW, BAND_MEDIUM, BLACK, BODY_W, GREY,
    LIGHT_BLUE, MARGIN_X, NAVY, RULE, WHITE,
};
use cmm_core::kernel::money::Pence;
use cmm_core::reports::sections::performance::RiskBand;

fn legend(c: &mut Canvas, x: f32, y: f32, items: &[(&str, Colour, LegendMark)]) {
    let mut x = x;
    for (label, colour, mark) in items {
        match mark {
            LegendMark::Box => c.rect(x, y - 1.0, 14.0, 7.0, Some(*colour), Some((NAVY, 0.5))),
            LegendMark::Line { dashed } => {
                c.line(&[(x, y + 2.5), (x + 14.0, y + 2.5)], *colour, 2.0, *dashed)
            }
        }
        c.text(x + 18.0, y, label, Weight::Regular, 8.0, BLACK);
        x += 18.0 + crate::layout::width(label, Weight::Regular, 8.0) + 16.0;
    }
}

enum LegendMark {
    Box,
    Line { dashed: bool },
}

/// One row of the maturity chart.
pub struct MaturityRow {
    pub label: String,
    pub current: Option<u8>,
    pub target: Option<u8>,
    /// The level the sub-group agreed, once it has.
    pub moderated: Option<u8>,
}

/// The bars' colour for the sub-group's agreed level.
pub const AGREED: Colour = crate::layout::RAG_GREEN;

/// Horizontal bars, current (solid) against target (pale), levels 1 to 5 along the bottom
/// with their names; each bar ends with its number.
pub fn maturity(f: &mut Flow, rows: &[MaturityRow], level_names: &[String]) {
    let agreed = rows.iter().any(|r| r.moderated.is_some());
    let bars = if agreed { 3 } else { 2 };
    let row_h = 6.0 + 7.5 * bars as f32;
    let label_w = 150.0;
    let h = 22.0 + rows.len() as f32 * row_h + 26.0;
    let top = f.figure(h, maturity_alt(rows, level_names));
    let c = f.canvas();
    let mut items = vec![
        ("Current level", NAVY, LegendMark::Box),
        ("Target level", LIGHT_BLUE, LegendMark::Box),
    ];
    if agreed {
        items.push(("Agreed by the sub-group", AGREED, LegendMark::Box));
    }
    legend(c, MARGIN_X + label_w, top - 10.0, &items);
    let plot_x = MARGIN_X + label_w;
    let plot_w = BODY_W - label_w - 10.0;
    let plot_top = top - 22.0;
    let plot_bottom = plot_top - rows.len() as f32 * row_h;
    let x_of = |level: f32| plot_x + plot_w * level / 5.0;
    for level in 0..=5 {
        let x = x_of(level as f32);
        c.line(&[(x, plot_top), (x, plot_bottom)], RULE, 0.4, level > 0);
        if level > 0 {
            let name = level_names.get(level - 1).map(String::as_str).unwrap_or("");
            c.text_centre(
                x - plot_w / 10.0,
                plot_bottom - 10.0,
                &format!("{level} {name}"),
                Weight::Regular,
                7.5,
                GREY,
            );
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let y = plot_top - i as f32 * row_h;
        let weight = if i == 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        c.text(
            MARGIN_X,
            y - row_h / 2.0 - 2.5,
            &crate::layout::truncate(&r.label, weight, 8.5, label_w - 8.0),
            weight,
            8.5,
            BLACK,
        );
        let series = [
            (r.current, NAVY, WHITE),
            (r.target, LIGHT_BLUE, BLACK),
            (r.moderated, AGREED, WHITE),
        ];
        for (j, (value, fill, text)) in series.into_iter().take(bars).enumerate() {
            let bar_y = y - 4.0 - (j as f32 + 1.0) * 7.5;
            match value {
                Some(v) => {
                    let w = x_of(f32::from(v)) - plot_x;
                    c.rect(plot_x, bar_y, w, 7.0, Some(fill), None);
                    c.text_right(
                        plot_x + w - 2.0,
                        bar_y + 1.3,
                        &v.to_string(),
                        Weight::Bold,
                        6.5,
                        text,
                    );
                }
                // The group agrees the eight activities, not the overall row.
                None if j == 2 && i == 0 => {}
                None => c.text(
                    plot_x + 2.0,
                    bar_y + 1.3,
                    if j == 2 {
                        "not yet agreed"
                    } else {
                        "not assessed"
                    },
                    Weight::Regular,
                    6.5,
                    GREY,
                ),
            }
        }
        if i == 0 {
            c.line(
                &[(MARGIN_X, y - row_h), (plot_x + plot_w, y - row_h)],
                RULE,
                0.6,
                false,
            );
        }
    }
    f.end_figure();
}

/// "£1.45m", "£450k", "£900": short enough for an axis.
fn short_money(p: i64) -> String {
    let pounds = p as f64 / 100.0;
    let a = pounds.abs();
    let sign = if pounds < 0.0 { "-" } else { "" };
    if a >= 1_000_000.0 {
        format!("{sign}£{:.2}m", a / 1_000_000.0)
    } else if a >= 1_000.0 {
        format!("{sign}£{:.0}k", a / 1_000.0)
    } else {
        format!("{sign}£{a:.0}")
    }
}

/// A step for about five gridlines between `lo` and `hi`.
fn nice_step(range: f64) -> f64 {
    let raw = (range / 5.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// The payment profile over 24 months: expected at award (both years), actual payments
/// (previous twelve) and forecast (next twelve), with the boundary between them marked.
pub fn payments(
    f: &mut Flow,
    months: &[String],
    expected: &[Option<Pence>],
    actual: &[Option<Pence>],
    forecast: &[Option<Pence>],
) {
    let h = 230.0;
    let top = f.figure(h, payments_alt(months, expected, actual, forecast));
    let c = f.canvas();
    legend(
        c,
        MARGIN_X + 50.0,
        top - 10.0,
        &[
            (
                "Expected (profile at award)",
                LIGHT_BLUE,
                LegendMark::Line { dashed: false },
            ),
            ("Actual payments", NAVY, LegendMark::Line { dashed: false }),
            ("Forecast", NAVY, LegendMark::Line { dashed: true }),
        ],
    );
    let values: Vec<i64> = expected
        .iter()
        .chain(actual)
        .chain(forecast)
        .flatten()
        .map(|p| p.0)
        .collect();
    let plot_x = MARGIN_X + 50.0;
    let plot_w = BODY_W - 60.0;
    let plot_top = top - 26.0;
    let plot_bottom = top - h + 30.0;
    if values.is_empty() {
        c.text(
            plot_x,
            (plot_top + plot_bottom) / 2.0,
            "No payments recorded yet.",
            Weight::Regular,
            9.0,
            GREY,
        );
        f.end_figure();
        return;
    }
    let (min, max) = (
        *values.iter().min().unwrap_or(&0) as f64,
        *values.iter().max().unwrap_or(&0) as f64,
    );
    let step = nice_step((max - min).max(100.0));
    let lo = (min / step).floor() * step;
    let hi = ((max / step).ceil() * step).max(lo + step);
    let y_of = |v: f64| plot_bottom + ((v - lo) / (hi - lo)) as f32 * (plot_top - plot_bottom);
    let n = months.len().max(2);
    let x_of = |i: usize| plot_x + plot_w * (i as f32 + 0.5) / n as f32;
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let y = y_of(v);
        c.line(&[(plot_x, y), (plot_x + plot_w, y)], RULE, 0.3, false);
        c.text_right(
            plot_x - 4.0,
            y - 2.5,
            &short_money(v as i64),
            Weight::Regular,
            7.0,
            GREY,
        );
        v += step;
    }
    for (i, m) in months.iter().enumerate() {
        if i % 3 == 0 || i + 1 == months.len() {
            c.text_centre(x_of(i), plot_bottom - 11.0, m, Weight::Regular, 6.5, GREY);
        }
    }
    let half = n / 2;
    let bx = plot_x + plot_w * half as f32 / n as f32;
    c.line(&[(bx, plot_top), (bx, plot_bottom)], GREY, 0.6, true);
    c.text_right(
        bx - 4.0,
        plot_bottom - 22.0,
        "Previous 12 months",
        Weight::Bold,
        7.0,
        GREY,
    );
    c.text(
        bx + 4.0,
        plot_bottom - 22.0,
        "Next 12 months",
        Weight::Bold,
        7.0,
        GREY,
    );
    // Runs of consecutive months with a value; a gap breaks the line.
    let series = |c: &mut Canvas,
                  data: &[Option<Pence>],
                  offset: usize,
                  colour: Colour,
                  width: f32,
                  dashed: bool| {
        let mut run: Vec<(f32, f32)> = Vec::new();
        for (i, d) in data.iter().enumerate() {
            match d {
                Some(p) => {
                    let pt = (x_of(i + offset), y_of(p.0 as f64));
                    run.push(pt);
                    c.rect(pt.0 - 1.5, pt.1 - 1.5, 3.0, 3.0, Some(colour), None);
                }
                None => {
                    c.line(&run, colour, width, dashed);
                    run.clear();
                }
            }
        }
        c.line(&run, colour, width, dashed);
    };
    series(c, expected, 0, LIGHT_BLUE, 2.2, false);
    series(c, actual, 0, NAVY, 1.4, false);
    series(c, forecast, half, NAVY, 1.4, true);
    c.rect(
        plot_x,
        plot_bottom,
        plot_w,
        plot_top - plot_bottom,
        None,
        Some((RULE, 0.5)),
    );
    f.end_figure();
}

pub fn band_colour(b: RiskBand) -> Colour {
    match b {
        RiskBand::Low => BAND_LOW,
        RiskBand::Medium => BAND_MEDIUM,
        RiskBand::High => BAND_HIGH,
    }
}

/// Two 5×5 grids side by side (current and target ratings): likelihood along, impact up,
/// each cell coloured by the council's band for likelihood × impact and showing how many
/// risks sit in it.
pub fn heat_maps(f: &mut Flow, current: &[[u16; 5]; 5], target: &[[u16; 5]; 5]) {
    let cell_w = 38.0;
    let cell_h = 24.0;
    let h = 16.0 + 5.0 * cell_h + 40.0;
    let top = f.figure(h, heat_maps_alt(current, target));
    let c = f.canvas();
    for (k, (title, counts)) in [("Current rating", current), ("Target rating", target)]
        .into_iter()
        .enumerate()
    {
        let x0 = MARGIN_X + 30.0 + k as f32 * (5.0 * cell_w + 60.0);
        let grid_top = top - 16.0;
        c.text(x0, top - 9.0, title, Weight::Bold, 9.0, NAVY);
        for impact in (1..=5u8).rev() {
            let y = grid_top - f32::from(5 - impact + 1) * cell_h;
            c.text_right(
                x0 - 5.0,
                y + cell_h / 2.0 - 3.0,
                &impact.to_string(),
                Weight::Regular,
                8.0,
                GREY,
            );
            for likelihood in 1..=5u8 {
                let x = x0 + f32::from(likelihood - 1) * cell_w;
                let score = likelihood * impact;
                let band = cmm_core::reports::sections::performance::risk_rating(
                    cmm_core::reports::sections::performance::Scale::new(i64::from(likelihood))
                        .expect("1 to 5"),
                    cmm_core::reports::sections::performance::Scale::new(i64::from(impact))
                        .expect("1 to 5"),
                )
                .band;
                c.rect(
                    x,
                    y,
                    cell_w,
                    cell_h,
                    Some(band_colour(band)),
                    Some((WHITE, 1.0)),
                );
                c.text(
                    x + 2.5,
                    y + cell_h - 7.5,
                    &score.to_string(),
                    Weight::Regular,
                    5.5,
                    GREY,
                );
                let n = counts[usize::from(likelihood - 1)][usize::from(impact - 1)];
                if n > 0 {
                    c.text_centre(
                        x + cell_w / 2.0,
                        y + cell_h / 2.0 - 4.5,
                        &n.to_string(),
                        Weight::Bold,
                        11.0,
                        BLACK,
                    );
                }
            }
        }
        let bottom = grid_top - 5.0 * cell_h;
        for likelihood in 1..=5u8 {
            let x = x0 + f32::from(likelihood - 1) * cell_w + cell_w / 2.0;
            c.text_centre(
                x,
                bottom - 10.0,
                &likelihood.to_string(),
                Weight::Regular,
                8.0,
                GREY,
            );
        }
        c.text_centre(
            x0 + 2.5 * cell_w,
            bottom - 21.0,
            "Likelihood",
            Weight::Bold,
            7.5,
            GREY,
        );
        c.text(x0 - 26.0, grid_top + 2.0, "Impact", Weight::Bold, 7.5, GREY);
    }
    let key_y = top - h + 4.0;
    legend(
        c,
        MARGIN_X + 30.0,
        key_y,
        &[
            ("Low (1 to 6)", BAND_LOW, LegendMark::Box),
            ("Medium (8 to 15)", BAND_MEDIUM, LegendMark::Box),
            ("High (16 to 25)", BAND_HIGH, LegendMark::Box),
        ],
    );
    f.end_figure();
}

/// Fills for levels 1 to 5, from red (ad hoc) to green (optimised), each dark or pale
/// enough for the text written on it (`LEVEL_TEXT`).
pub const LEVEL_FILL: [Colour; 5] = [
    Colour(0.78, 0.1, 0.1),
    Colour(0.93, 0.52, 0.23),
    Colour(1.0, 0.8, 0.25),
    Colour(0.55, 0.78, 0.5),
    Colour(0.0, 0.44, 0.24),
];
pub const LEVEL_TEXT: [Colour; 5] = [WHITE, BLACK, BLACK, BLACK, WHITE];

/// The portfolio's maturity: one stacked bar per activity, the share of contracts at each
/// level, with each segment's count written on it when it fits, and a key of the levels.
pub fn distribution(f: &mut Flow, rows: &[(String, [u32; 5])], level_names: &[String]) {
    let row_h = 17.0;
    let label_w = 150.0;
    let h = 34.0 + rows.len() as f32 * row_h + 22.0;
    let top = f.figure(h, distribution_alt(rows, level_names));
    let c = f.canvas();
    let items: Vec<(String, Colour)> = (0..5)
        .map(|i| {
            let name = level_names.get(i).map(String::as_str).unwrap_or("");
            (format!("{} {name}", i + 1), LEVEL_FILL[i])
        })
        .collect();
    let refs: Vec<(&str, Colour, LegendMark)> = items
        .iter()
        .map(|(l, c)| (l.as_str(), *c, LegendMark::Box))
        .collect();
    legend(c, MARGIN_X, top - 10.0, &refs);
    let plot_x = MARGIN_X + label_w;
    let plot_w = BODY_W - label_w - 10.0;
    let plot_top = top - 26.0;
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = plot_top - i as f32 * row_h;
        c.text(
            MARGIN_X,
            y - row_h / 2.0 - 2.5,
            &crate::layout::truncate(label, Weight::Regular, 8.5, label_w - 8.0),
            Weight::Regular,
            8.5,
            BLACK,
        );
        let total: u32 = counts.iter().sum();
        if total == 0 {
            c.text(
                plot_x + 2.0,
                y - row_h / 2.0 - 2.5,
                "not assessed",
                Weight::Regular,
                7.5,
                GREY,
            );
            continue;
        }
        let mut x = plot_x;
        for (l, n) in counts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let w = plot_w * *n as f32 / total as f32;
            c.rect(
                x,
                y - row_h + 2.0,
                w,
                row_h - 4.0,
                Some(LEVEL_FILL[l]),
                None,
            );
            let s = n.to_string();
            if crate::layout::width(&s, Weight::Bold, 7.5) + 3.0 < w {
                c.text_centre(
                    x + w / 2.0,
                    y - row_h / 2.0 - 2.5,
                    &s,
                    Weight::Bold,
                    7.5,
                    LEVEL_TEXT[l],
                );
            }
            x += w;
        }
    }
    let bottom = plot_top - rows.len() as f32 * row_h;
    for pct in [0, 25, 50, 75, 100] {
        let x = plot_x + plot_w * pct as f32 / 100.0;
        c.line(&[(x, bottom), (x, bottom - 3.0)], RULE, 0.5, false);
        c.text_centre(
            x,
            bottom - 12.0,
            &format!("{pct}%"),
            Weight::Regular,
            7.5,
            GREY,
        );
    }
    f.end_figure();
}

// ----- the charts' alternative text: what each shows, in words and numbers ---------------

fn level_words(level: Option<u8>, names: &[String]) -> String {
    match level {
        Some(l) => match names.get(usize::from(l).saturating_sub(1)) {
            Some(n) => format!("{l} ({n})"),
            None => l.to_string(),
        },
        None => "not assessed".into(),
    }
}

fn maturity_alt(rows: &[MaturityRow], names: &[String]) -> String {
    let each: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut s = format!(
                "{}: current {}, target {}",
                r.label,
                level_words(r.current, names),
                level_words(r.target, names)
            );
            if let Some(m) = r.moderated {
                s.push_str(&format!(", agreed {}", level_words(Some(m), names)));
            }
            s
        })
        .collect();
    format!(
        "Bar chart of maturity by activity, on levels 1 to 5. {}.",
        each.join("; ")
    )
}

fn total(values: &[Option<Pence>]) -> Option<Pence> {
    let given: Vec<i64> = values.iter().flatten().map(|p| p.0).collect();
    (!given.is_empty()).then(|| Pence(given.iter().sum()))
}

fn payments_alt(
    months: &[String],
    expected: &[Option<Pence>],
    actual: &[Option<Pence>],
    forecast: &[Option<Pence>],
) -> String {
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
        _ => String::new(),
    };
    let said = |what: &str, v: Option<Pence>| match v {
        Some(p) => format!("{what} {p}"),
        None => format!("{what} not recorded"),
    };
    format!(
        "Line chart of the payment profile over {} months{span}. {}; {}; {}.",
        months.len(),
        said("Expected at award, in total", total(expected)),
        said("actual payments, previous twelve months", total(actual)),
        said("forecast, next twelve months", total(forecast)),
    )
}

fn heat_map_words(counts: &[[u16; 5]; 5]) -> String {
    let mut cells = Vec::new();
    let mut n = 0u32;
    // Indexed [likelihood − 1][impact − 1], as the grid is drawn.
    for (likelihood, row) in counts.iter().enumerate() {
        for (impact, &c) in row.iter().enumerate() {
            if c > 0 {
                n += u32::from(c);
                cells.push(format!(
                    "{c} at likelihood {} and impact {} (score {})",
                    likelihood + 1,
                    impact + 1,
                    (likelihood + 1) * (impact + 1)
                ));
            }
        }
    }
    if cells.is_empty() {
        return "no risks".into();
    }
    format!("{n} risks: {}", cells.join(", "))
}

fn heat_maps_alt(current: &[[u16; 5]; 5], target: &[[u16; 5]; 5]) -> String {
    format!(
        "Two risk heat maps, likelihood 1 to 5 against impact 1 to 5. Current rating, {}. Target rating, {}.",
        heat_map_words(current),
        heat_map_words(target)
    )
}

fn distribution_alt(rows: &[(String, [u32; 5])], names: &[String]) -> String {
    let each: Vec<String> = rows
        .iter()
        .map(|(label, counts)| {
            let at: Vec<String> = counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, c)| format!("{c} at {}", level_words(Some(i as u8 + 1), names)))
                .collect();
            if at.is_empty() {
                format!("{label}: none assessed")
            } else {
                format!("{label}: {}", at.join(", "))
            }
        })
        .collect();
    format!(
        "Stacked bar chart of the portfolio's maturity, contracts at each level by activity. {}.",
        each.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_money_is_short() {
        assert_eq!(short_money(145_000_000), "£1.45m");
        assert_eq!(short_money(45_000_000), "£450k");
        assert_eq!(short_money(-90_000), "-£900");
    }

    #[test]
    fn gridline_steps_are_round() {
        assert_eq!(nice_step(1_000_000.0), 200_000.0);
        assert_eq!(nice_step(120.0), 25.0);
    }
}
