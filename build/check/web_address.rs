//! The `source` of a guidance is a web address, and only that: it is written into the
//! rustdoc page of the guidance (as an autolink inside a Markdown table) and printed by
//! `Guidance::page()`, so a character that could open markup (`<`, `>`, `"`), break a table
//! cell (`|`) or move a terminal (control characters) must never get through.
//!
//! The rule is RFC 3986's: letters, digits, `-._~`, the delimiters `:/?#[]@!$&'()*+,;=`,
//! and `%` followed by two hexadecimal digits. Anything else must be percent-encoded, as a
//! browser's address bar shows it.

/// Checks that `url` is an `http://` or `https://` address made only of the characters a
/// web address may hold. The error completes a sentence that starts with the address.
pub fn check_web_address(url: &str) -> Result<(), String> {
    const FIX: &str = "write the http:// or https:// address of the page the codes come from.";
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err(format!("is not a web address; {FIX}"));
    };
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_len == 0 {
        return Err(format!("has no host name; {FIX}"));
    }
    let bytes = url.as_bytes();
    for (at, c) in url.char_indices() {
        let allowed = c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
        if !allowed {
            let advice = if c.is_ascii() {
                format!("percent-encode it as \"%{:02X}\"", c as u32)
            } else {
                "percent-encode it, as a browser's address bar shows it".to_string()
            };
            return Err(format!(
                "has '{}' at character {}, which a web address cannot hold; {advice}.",
                c.escape_debug(),
                url[..at].chars().count() + 1,
            ));
        }
        if c == '%' {
            let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(at + 1) && hex(at + 2)) {
                return Err(format!(
                    "has '%' at character {} without two hexadecimal digits after it; write \"%25\" for a percent sign.",
                    url[..at].chars().count() + 1,
                ));
            }
        }
    }
    Ok(())
}
