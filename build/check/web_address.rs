//! The `source` of a guidance is NICE's own page for it: a web address on one of NICE's hosts,
//! and only that. It is written into the rustdoc page of the guidance (as an autolink inside a
//! Markdown table) and printed by `Guidance::page()`, so a character that could open markup
//! (`<`, `>`, `"`), break a table cell (`|`) or move a terminal (control characters) must
//! never get through, and a link there must lead to NICE, never to a copy of its page on
//! another site (a file read from a copy says so in a comment, as plain text).
//!
//! The characters are RFC 3986's: letters, digits, `-._~`, the delimiters `:/?#[]@!$&'()*+,;=`,
//! and `%` followed by two hexadecimal digits. Anything else must be percent-encoded, as a
//! browser's address bar shows it. The host (everything between `://` and the first `/`, `?`
//! or `#`) is one of [`NICE_HOSTS`], exactly: no user name (`www.nice.org.uk@evil.example`), no
//! port, no other subdomain.

/// The hosts a `source` may name: NICE's site, without and with `www.`, and its former
/// guidance site (IPG293's page).
pub const NICE_HOSTS: [&str; 3] = ["www.nice.org.uk", "nice.org.uk", "guidance.nice.org.uk"];

/// Checks that `url` is an `http://` or `https://` address on one of [`NICE_HOSTS`], made only
/// of the characters a web address may hold. `id` is the guidance's id, for the example in
/// the message when it is well formed. The error completes a sentence that starts with the
/// address.
pub fn check_web_address(url: &str, id: Option<&str>) -> Result<(), String> {
    const FIX: &str = "write the https:// address of NICE's page for the guidance, such as \"https://www.nice.org.uk/guidance/ipg655\".";
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
    let host = &rest[..host_len];
    if !NICE_HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        let page = id.map_or_else(|| "ipg655".to_string(), |id| id.to_ascii_lowercase());
        let (last, others) = NICE_HOSTS.split_last().unwrap_or((&"", &[]));
        return Err(format!(
            "is not on NICE's site (its host \"{host}\" is not {} or {last}); write NICE's own page for the guidance, such as \"https://www.nice.org.uk/guidance/{page}\", and if the text was read from a copy elsewhere, say so in a comment without its address.",
            others.join(", ")
        ));
    }
    Ok(())
}
