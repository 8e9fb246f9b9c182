//! The council's maturity report template (2017): its twelve sections, each with its title
//! and what the council expects in it, in its own words; and `Section`, a section's
//! number, which cannot be anything but 1 to 12.

use serde::{Deserialize, Serialize};
use specta::Type;

/// The twelve sections, titled and described as the council's 2017 template has them.
pub const SECTIONS: [(&str, &str); 12] = [
    ("Contract details", "Name of contractor incl. trading name and details of contractor construct; date of contract award; date of expiry; anticipated whole life cost (nominal and net present cost); anticipated value in current financial year; contract scope (description of what the contract covers including but not limited to key deliverables, geographic coverage etc.)."),
    ("Maturity assessment", "For each of the eight activities, the current and target maturity level with comments/rationale, and an overall level. A description of maturity for each activity at every level is shown while you choose."),
    ("Attestation by the Contract Owner", "The Contract Owner is the person that has overall day-to-day accountability for the contract i.e. is answerable for the performance the eight key activities in the maturity assessment."),
    ("Organisation", "Organogram for contract management clearly showing contractors/interims; total annual cost of contract management and the percentage of annual contract value it represents; people in post and working on contract(s) longer than 3-years and measures taken to mitigate risk of long tenure staff; people profile; training and development."),
    ("Operational performance", "All Contract Delivery Indicators (CDIs) and Key Performance Indicators (KPIs), the performance level required by the contract(s), and actual performance for the past 12-months; key contractual milestones and progress against them; any breach of the main/material provisions; incentives/remedies and/or escalation applied, and any relief granted to the contractor."),
    ("Financial performance", "The expected monthly payment profile at the time of contract award for both the previous 12-months and the next 12-months set against the actual payments made and forecast; the variance between the contracted and actual spend e.g. caused by volume changes, contract variations, claims etc."),
    ("Fulfilment of {council}'s obligations", "The contractual obligations and dependencies on {council} that could cause delay and/or disruption along with the consequences; the approach to managing them including accountability and responsibility within {council}."),
    ("Commercial performance", "Claims and/or disputes with their current status and actual or projected outcome; impact of recent/pending regulatory/policy changes; performance against main supply chain requirements; extensions and amendments to the contracts including value and approvals."),
    ("Risk and mitigation", "The main risks and the mitigation measures in place to deal with them; the approach to risk and mitigation review being applied including but not limited to the frequency of reviews."),
    ("Data assurance", "Information Level and arrangements in place; audit of data handling (audits/reviews undertaken)."),
    ("Governance", "The formal meeting structure in place to review the contract(s), its frequency, scope and required attendees, and whether it has been implemented; audits undertaken or planned by Internal Audit or an external party, with findings and actions taken."),
    ("Forward look", "Contract extension options and breakpoints; approach to continuous improvement; learning and plans for next generation contract(s); support required from the {board}."),
];

/// A section of the template, 1 (Contract details) to 12 (Forward look). Cannot hold any
/// other number. Crosses to the window, and into a sealed report, as its number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct Section(u8);

impl Section {
    /// Every section, in the template's order.
    pub const ALL: [Section; 12] = {
        let mut all = [Section(1); 12];
        let mut i = 0;
        while i < 12 {
            all[i] = Section(i as u8 + 1);
            i += 1;
        }
        all
    };

    /// Section `n`, for a number known when the code is written (a compile-time error
    /// outside 1 to 12).
    pub const fn of(n: u8) -> Section {
        assert!(n >= 1 && n <= 12, "the template has sections 1 to 12");
        Section(n)
    }

    /// Section `n`, or `None` outside 1 to 12.
    pub fn new(n: u8) -> Option<Section> {
        (1..=12).contains(&n).then_some(Section(n))
    }

    /// Its number, 1 to 12.
    pub fn number(self) -> u8 {
        self.0
    }

    /// Its title, as the template gives it ("Operational performance"). Section 7's names
    /// the council as `{council}`: show it through `Organisation::put_in`.
    pub fn title(self) -> &'static str {
        SECTIONS[usize::from(self.0) - 1].0
    }

    /// What the council's template asks for in it, word for word, with `{council}` and
    /// `{board}` for the council's names (`Organisation::put_in`).
    pub fn guidance(self) -> &'static str {
        SECTIONS[usize::from(self.0) - 1].1
    }
}

impl From<Section> for u8 {
    fn from(s: Section) -> u8 {
        s.0
    }
}

impl TryFrom<u8> for Section {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Section::new(n).ok_or_else(|| format!("A section of the template is 1 to 12, not {n}"))
    }
}

impl std::fmt::Display for Section {
    /// Its number, as a bare number was shown before sections had a type: "5".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl PartialEq<u8> for Section {
    fn eq(&self, n: &u8) -> bool {
        self.0 == *n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_1_to_12_and_crosses_as_its_number() {
        assert_eq!(Section::new(0), None);
        assert_eq!(Section::new(13), None);
        assert_eq!(Section::of(5).title(), "Operational performance");
        assert_eq!(Section::ALL[11].number(), 12);
        assert_eq!(serde_json::to_string(&Section::of(9)).unwrap(), "9");
        assert_eq!(
            serde_json::from_str::<Section>("12").unwrap(),
            Section::of(12)
        );
        assert!(serde_json::from_str::<Section>("13").is_err());
    }
}
