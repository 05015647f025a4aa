//! The commands that read the catalogue or check against it, one module each: `list`, `show`,
//! `lookup`, `match` (`match_episodes`), `page-codes`, `import` and `drift`. Each takes its parsed
//! arguments and gives how it finished; the exports are in `export/`.

pub mod drift;
pub mod import;
pub mod list;
pub mod lookup;
pub mod match_episodes;
pub mod page_codes;
pub mod show;
