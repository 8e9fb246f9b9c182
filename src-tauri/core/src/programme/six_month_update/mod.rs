//! The six-monthly update to the Cabinet Committee: what the group reviewed in the period
//! and what changed on re-review, the themes of its findings, the actions, the forward plan
//! and the portfolio's maturity.

pub(crate) mod store;

pub use store::{
    ActivityChange, ReviewedInPeriod, SixMonthUpdate, SixMonthUpdateInput, ThemeCount,
    OVERDUE_LISTED,
};
