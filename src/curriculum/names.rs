//! What a CHALLENGE argument names in freeCodeCamp's curriculum before anything is fetched: a
//! dashedName, an id, a block, or a challenge page's URL. The identifiers of the challenges
//! `grade` grades are compiled in (`names.tsv`, made by `scripts/curriculum-names`); no text of a
//! challenge is.

use crate::catalog::Language;
use crate::parse::edit_distance;

const INDEX: &str = include_str!("names.tsv");

/// One gradable challenge of freeCodeCamp's curriculum, by its identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub block: &'static str,
    pub id: &'static str,
    pub dashed_name: &'static str,
}

/// The challenges compiled in, by block, then dashedName.
pub fn known() -> impl Iterator<Item = Known> {
    INDEX
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some(Known {
                block: fields.next()?,
                id: fields.next()?,
                dashed_name: fields.next()?,
            })
        })
}

/// The blocks compiled in, each once.
pub fn blocks() -> Vec<&'static str> {
    let mut blocks: Vec<&str> = known().map(|k| k.block).collect();
    blocks.dedup();
    blocks
}

/// What an argument asks to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// One challenge: its block and id.
    Challenge { block: String, id: String },
    /// Every challenge of a block, in the block's order.
    Block(String),
    /// A challenge of a block by its dashedName, for one added after this build: found among
    /// the block's files.
    Unlisted { block: String, dashed_name: String },
    /// A challenge id this build does not know: looked for in the known blocks' orders.
    UnknownId(String),
}

/// An argument that names something in freeCodeCamp's curriculum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub argument: String,
    pub wanted: Wanted,
    /// The language of a localized page URL (`/espanol/learn/...`).
    pub language: Option<&'static Language>,
}

/// Looks up a dashedName, an id or a block among the challenges compiled in.
pub fn lookup(name: &str) -> Option<Wanted> {
    let name = name.trim();
    if let Some(k) = known().find(|k| k.dashed_name == name || k.id.eq_ignore_ascii_case(name)) {
        return Some(Wanted::Challenge {
            block: k.block.to_string(),
            id: k.id.to_string(),
        });
    }
    blocks()
        .into_iter()
        .find(|b| *b == name)
        .map(|b| Wanted::Block(b.to_string()))
}

/// Whether `name` has the form of a challenge id: 24 hexadecimal digits.
pub fn is_id(name: &str) -> bool {
    name.len() == 24 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `name` could be a block's or a challenge's name in a URL path: lowercase letters,
/// digits and dashes.
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
}

/// The known name closest to a misspelt one, when it is close enough to be what was meant.
pub fn suggestion(name: &str, also: &[String]) -> Option<String> {
    let lower = name.trim().to_lowercase();
    let mut candidates: Vec<String> = known().map(|k| k.dashed_name.to_string()).collect();
    candidates.extend(blocks().into_iter().map(str::to_string));
    candidates.extend(also.iter().cloned());
    let limit = (lower.chars().count() / 4).clamp(1, 4);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Whether an argument is a URL of freeCodeCamp's site, which then must be a challenge's or a
/// block's page.
pub fn is_page_url(argument: &str) -> bool {
    host_and_path(argument).is_some()
}

/// The host part of freeCodeCamp's site, and the path after it, of a URL as a browser shows it.
fn host_and_path(argument: &str) -> Option<&str> {
    let trimmed = argument.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            trimmed
                .get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| &trimmed[scheme.len()..])
        })
        .unwrap_or(trimmed);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    matches!(host.as_str(), "www.freecodecamp.org" | "freecodecamp.org").then_some(path)
}

/// Reads a challenge or block page URL: `https://www.freecodecamp.org[/<language>]/learn/
/// <superblock>/<block>[/<dashedName>]`, with or without a trailing slash, query or fragment.
/// `None` when the argument is not a URL of freeCodeCamp's site.
pub fn page(argument: &str) -> Option<Result<Named, String>> {
    let path = host_and_path(argument)?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let learn = segments.iter().position(|s| *s == "learn");
    let usage = || {
        format!(
            "`{argument}` is not a challenge page of freeCodeCamp\nhelp: copy the address of the challenge's page, such as https://www.freecodecamp.org/learn/back-end-development-and-apis/back-end-development-and-apis-projects/timestamp-microservice"
        )
    };
    let Some(learn) = learn else {
        return Some(Err(usage()));
    };
    let language = match &segments[..learn] {
        [] => None,
        [folder] => match Language::from_folder(folder) {
            Some(language) => Some(language),
            None => {
                return Some(Err(format!(
                    "`{argument}` names the language `{folder}`, which grade does not know\nhelp: the localized pages start with the language's folder, such as /espanol/learn/ or /german/learn/"
                )))
            }
        },
        _ => return Some(Err(usage())),
    };
    let after = &segments[learn + 1..];
    let wanted = match after {
        [_superblock, block] if is_slug(block) => Wanted::Block(block.to_string()),
        [_superblock, block, dashed] if is_slug(block) && is_slug(dashed) => {
            match known().find(|k| k.block == *block && k.dashed_name == *dashed) {
                Some(k) => Wanted::Challenge {
                    block: k.block.to_string(),
                    id: k.id.to_string(),
                },
                None => Wanted::Unlisted {
                    block: block.to_string(),
                    dashed_name: dashed.to_string(),
                },
            }
        }
        _ => return Some(Err(usage())),
    };
    Some(Ok(Named {
        argument: argument.to_string(),
        wanted,
        language,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_names_the_projects() {
        assert_eq!(
            lookup("timestamp-microservice"),
            Some(Wanted::Challenge {
                block: "back-end-development-and-apis-projects".into(),
                id: "bd7158d8c443edefaeb5bdef".into()
            })
        );
        assert_eq!(
            lookup("bd7158d8c443edefaeb5bdef"),
            lookup("timestamp-microservice")
        );
        assert_eq!(
            lookup("basic-node-and-express"),
            Some(Wanted::Block("basic-node-and-express".into()))
        );
        assert_eq!(lookup("nothing-like-it"), None);
        assert!(known().all(|k| is_id(k.id) && is_slug(k.dashed_name) && is_slug(k.block)));
    }

    #[test]
    fn page_urls_name_a_challenge_a_block_and_a_language() {
        let named = page("https://www.freecodecamp.org/espanol/learn/back-end-development-and-apis/back-end-development-and-apis-projects/timestamp-microservice/?x=1#y")
            .unwrap()
            .unwrap();
        assert_eq!(named.language.map(|l| l.folder), Some("espanol"));
        assert_eq!(named.wanted, lookup("timestamp-microservice").unwrap());
        let block =
            page("freecodecamp.org/learn/back-end-development-and-apis/basic-node-and-express")
                .unwrap()
                .unwrap();
        assert_eq!(block.wanted, Wanted::Block("basic-node-and-express".into()));
        assert!(page("https://example.com/learn/a/b").is_none());
        assert!(page("https://www.freecodecamp.org/news/some-article")
            .unwrap()
            .is_err());
        assert!(page("https://www.freecodecamp.org/klingon/learn/a/b/c")
            .unwrap()
            .is_err());
    }

    #[test]
    fn misspelt_names_get_the_closest() {
        assert_eq!(
            suggestion("timestamp-microservise", &[]).as_deref(),
            Some("timestamp-microservice")
        );
        assert_eq!(suggestion("zzzzzzzz", &[]), None);
    }
}
