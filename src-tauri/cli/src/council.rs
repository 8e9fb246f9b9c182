//! `cmm council`: the council's names, which the template's wording, the packs and the
//! feedback letter put in, shown or changed from a script as the window's settings do.

use cmm_api::organisation::{self, Addressee, Organisation, OrganisationInput};
use cmm_api::{CoreError, DataFile, FieldError};

/// What `cmm council` may change; a value not given stays as it is.
#[derive(clap::Args)]
pub struct CouncilArgs {
    /// The council's name ("Kent County Council").
    #[arg(long)]
    name: Option<String>,
    /// What the template's wording calls the council ("KCC").
    #[arg(long)]
    short_name: Option<String>,
    /// The board the review sub-group belongs to.
    #[arg(long)]
    board: Option<String>,
    /// The committee that receives the six-month update.
    #[arg(long)]
    committee: Option<String>,
    /// Who the feedback letter goes to, as "NAME, ROLE" (", ROLE" while the name is not
    /// known). Give it once per person; the list given replaces the one kept.
    #[arg(long = "letter-to", value_name = "NAME, ROLE")]
    letter_to: Vec<String>,
    /// Who signs the feedback letter, as "NAME, ROLE".
    #[arg(long, value_name = "NAME, ROLE")]
    signed_by: Option<String>,
}

/// "Jane Smith, Corporate Director" as a person; the name may be empty (", Cabinet Member").
///
/// Errors: a `FieldError` on `field` when there is no comma to split at.
fn person(field: &str, text: &str) -> Result<Addressee, FieldError> {
    match text.split_once(',') {
        Some((name, role)) => Ok(Addressee {
            name: name.trim().to_owned(),
            role: role.trim().to_owned(),
        }),
        None => Err(FieldError::new(
            field,
            format!("--{field} takes a name and a role with a comma between (\"Jane Smith, Corporate Director\"), not \"{text}\""),
        )),
    }
}

fn describe(o: &Organisation) -> String {
    let mut text = format!(
        "Council:      {} ({})\nBoard:        {}\nCommittee:    {}\nLetter to:    ",
        o.name, o.short_name, o.board, o.committee
    );
    let to: Vec<String> = o.letter_to.iter().map(Addressee::line).collect();
    text.push_str(&to.join("\n              "));
    text.push_str("\nSigned by:    ");
    text.push_str(&if o.signed_by.name.is_empty() {
        "the chair of each meeting".to_owned()
    } else {
        o.signed_by.line()
    });
    text.push('\n');
    text
}

/// Shows the council's names, after changing those given.
///
/// Errors: `Validation` naming each value refused (nothing is changed).
pub fn run(
    db: &mut DataFile,
    args: &CouncilArgs,
) -> Result<(serde_json::Value, String), CoreError> {
    let current = organisation::organisation(db)?;
    let mut input = OrganisationInput::from(&current);
    let mut problems = Vec::new();
    let mut changed = false;
    for (value, slot) in [
        (&args.name, &mut input.name),
        (&args.short_name, &mut input.short_name),
        (&args.board, &mut input.board),
        (&args.committee, &mut input.committee),
    ] {
        if let Some(v) = value {
            *slot = v.clone();
            changed = true;
        }
    }
    if !args.letter_to.is_empty() {
        input.letter_to = Vec::new();
        for text in &args.letter_to {
            match person("letter-to", text) {
                Ok(a) => input.letter_to.push(a),
                Err(e) => problems.push(e),
            }
        }
        changed = true;
    }
    if let Some(text) = &args.signed_by {
        match person("signed-by", text) {
            Ok(a) => input.signed_by = a,
            Err(e) => problems.push(e),
        }
        changed = true;
    }
    if !problems.is_empty() {
        return Err(CoreError::Validation(problems));
    }
    let o = if changed {
        organisation::save_organisation(db, &input)?
    } else {
        current
    };
    let text = describe(&o);
    Ok((serde_json::to_value(&o)?, text))
}
