//! The `plan` command group: one file per subcommand (`check`, and those to come),
//! dispatched here.

mod check;
mod test;

use wjvet::lang::Lang;

use crate::cli::{Cli, PlanArgs, PlanCommand};

pub fn run(cli: &Cli, args: &PlanArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    match &args.command {
        PlanCommand::Check(a) => check::run(cli, a, lang, color),
        PlanCommand::Test(a) => test::run(cli, a, lang),
    }
}
