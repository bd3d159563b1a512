//! placeholder
use crate::annual::AnnualReport;
use crate::lang::Lang;
use std::io::{self, Write};
pub fn write(_out: &mut dyn Write, _a: &AnnualReport, _lang: Lang) -> io::Result<()> {
    Ok(())
}
