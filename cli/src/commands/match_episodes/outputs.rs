//! The outputs of `match` (`--output` or standard output, `--summary`, `--skipped`), resolved
//! and checked before anything is written: none may be the input, and no two may be one file
//! (the same path, a hard link, a symbolic link, or standard output redirected to one).

use crate::args::MatchArgs;
use crate::failure::Failure;
use crate::files::destination::{Destination, NamedOutput, OutputIdentity, check_distinct};
use crate::files::identity::FileIdentity;
use crate::files::output::standard_output_closed;

/// Where each output of a run goes: a named file, resolved, or `None` for the default
/// (standard output for the matches, standard error for the summary, no skipped-rows file).
pub struct MatchOutputs {
    pub output: Option<Destination>,
    pub summary: Option<Destination>,
    pub skipped: Option<Destination>,
}

impl MatchOutputs {
    /// Resolves the outputs `args` names; `input` is the file the input is, when known.
    pub fn resolve(
        args: &MatchArgs,
        input: Option<&FileIdentity>,
    ) -> Result<MatchOutputs, Failure> {
        let resolve = |path: Option<&std::path::Path>| path.map(Destination::resolve).transpose();
        let outputs = MatchOutputs {
            output: resolve(args.output.as_deref())?,
            summary: resolve(args.summary.as_deref())?,
            skipped: resolve(args.skipped.as_deref())?,
        };
        let input = input.map(|identity| OutputIdentity::Existing(identity.clone()));
        let stdout = match &outputs.output {
            Some(_) => None,
            None => FileIdentity::of_stdout().map(OutputIdentity::Existing),
        };
        if stdout.is_some() && stdout == input {
            return Err(Failure::new(
                "standard output: writing there would overwrite the input",
            ));
        }
        let named = [
            ("--output", &outputs.output),
            ("--summary", &outputs.summary),
            ("--skipped", &outputs.skipped),
        ];
        let mut all = Vec::new();
        if let Some(stdout) = &stdout {
            all.push(NamedOutput {
                label: "standard output (where the matches go)".to_owned(),
                identity: Some(stdout),
            });
        }
        for (option, destination) in named {
            let Some(destination) = destination else {
                continue;
            };
            if input.is_some() && destination.identity == input {
                return Err(Failure::new(format!(
                    "{}: writing there would overwrite the input",
                    destination.name
                )));
            }
            all.push(NamedOutput {
                label: format!("{option} {}", destination.name),
                identity: destination.identity.as_ref(),
            });
        }
        check_distinct(&all)?;
        Ok(outputs)
    }
}

/// Refused before the input is read: with standard output closed, the matches would be lost.
pub fn refuse_closed_standard_output(args: &MatchArgs) -> Result<(), Failure> {
    if args.output.is_none() && standard_output_closed() {
        return Err(Failure::new(
            "standard output is closed: the matches would be lost (give --output FILE)",
        ));
    }
    Ok(())
}
