//! Page content as Notion-flavoured markdown, both ways: [`render_page`] turns a page's blocks
//! into markdown (`GET /v1/pages/{id}/markdown`), [`parse`] turns markdown into block requests
//! (`PATCH .../markdown`, `POST /v1/pages` with `markdown`).
//!
//! Supported blocks: paragraphs, headings (`#`, `##`, `###`; deeper headings become level 3),
//! bulleted (`-`, `*`, `+`), numbered (`1.`) and to-do (`- [ ]`, `- [x]`) list items, quotes
//! (`>`), fenced code with a language, dividers (`---`) and empty blocks (`<empty-block/>`).
//! Nesting is one tab (or two spaces) per level. Inline: `**bold**`, `*italic*`, `~~strike~~`,
//! `` `code` `` and `[links](url)`.
//!
//! Like Notion, blocks are separated by one newline on output; blank lines only separate blocks
//! on input. Child pages and databases render as `<page url="..">title</page>` and
//! `<database url="..">title</database>`; blocks with no markdown form as
//! `<unknown url=".." alt="type"/>` and are listed in `unknown_block_ids`. Parsing such a tag
//! yields [`Node::Existing`] with the id from its URL, so an edit keeps those objects.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::notion::properties::page_title;
use crate::notion::render::notion_url;
use crate::notion::richtext;
use crate::world::World;

/// Longest text content of one rich-text item (Notion's limit); longer runs are split.
const MAX_TEXT_CHARS: usize = 2000;

/// A page rendered as markdown.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Rendered {
    pub markdown: String,
    /// Blocks that have no markdown form.
    pub unknown_block_ids: Vec<Uuid>,
}

/// How deep markdown nests. Blocks can nest deeper (each append may go one level further);
/// their markdown is indented no further than this, and markdown indented deeper is read as
/// this deep, so neither rendering nor parsing grows with the square of the depth or recurses
/// without bound.
pub(crate) const MAX_MARKDOWN_DEPTH: usize = 64;

/// The markdown of `page_id`'s content (its children that are not in the trash).
pub(crate) fn render_page(world: &World, page_id: Uuid) -> Rendered {
    let mut lines = Vec::new();
    let mut rendered = Rendered::default();
    render_children(world, page_id, &mut lines, &mut rendered);
    rendered.markdown = lines.join("\n");
    rendered
}

/// Walks the block tree depth first with an explicit stack, not recursion: a page may hold
/// blocks thousands of levels deep.
fn render_children(world: &World, page_id: Uuid, lines: &mut Vec<String>, out: &mut Rendered) {
    // (parent, index of its next child to render, depth of that child)
    let mut stack = vec![(page_id, 0usize, 0usize)];
    while let Some((parent, index, depth)) = stack.pop() {
        let Some(&id) = world.children.get(&parent).and_then(|c| c.get(index)) else {
            continue;
        };
        // The next sibling comes after this block's own children.
        stack.push((parent, index + 1, depth));
        let indent = "\t".repeat(depth.min(MAX_MARKDOWN_DEPTH));
        if let Some(page) = world.page(id) {
            if !page.in_trash {
                let title = page_title(world, page);
                let url = notion_url(&title, id);
                lines.push(format!("{indent}<page url=\"{url}\">{title}</page>"));
            }
            continue;
        }
        if let Some(db) = world.database(id) {
            if !db.in_trash {
                let title = richtext::plain_text(&db.title);
                let url = notion_url(&title, id);
                lines.push(format!(
                    "{indent}<database url=\"{url}\">{title}</database>"
                ));
            }
            continue;
        }
        let Some(block) = world.block(id).filter(|b| !b.in_trash) else {
            continue;
        };
        let text = || inline(&block.content["rich_text"]);
        let line = match block.kind.as_str() {
            "paragraph" => {
                let text = text();
                if text.is_empty() {
                    "<empty-block/>".to_owned()
                } else if parse_line(&text).is_paragraph() {
                    text
                } else {
                    // Text that would read back as another block (`# x`, `- x`, `1. x`).
                    format!("\\{text}")
                }
            }
            "heading_1" => format!("# {}", text()),
            "heading_2" => format!("## {}", text()),
            "heading_3" => format!("### {}", text()),
            "bulleted_list_item" => format!("- {}", text()),
            "numbered_list_item" => format!("1. {}", text()),
            "to_do" => {
                let mark = if block.content["checked"] == true {
                    "x"
                } else {
                    " "
                };
                format!("- [{mark}] {}", text())
            }
            "quote" => format!("> {}", text()),
            "divider" => "---".to_owned(),
            "code" => {
                let language = block.content["language"]
                    .as_str()
                    .filter(|l| *l != "plain text")
                    .unwrap_or("");
                let body = richtext::plain_text(&block.content["rich_text"]);
                let body = body.replace('\n', &format!("\n{indent}"));
                format!("```{language}\n{indent}{body}\n{indent}```")
            }
            kind => {
                out.unknown_block_ids.push(id);
                format!(
                    "<unknown url=\"{}#{}\" alt=\"{kind}\"/>",
                    notion_url("", page_id),
                    id.simple()
                )
            }
        };
        lines.push(format!("{indent}{line}"));
        stack.push((id, 0, depth + 1));
    }
}

/// Markdown of a response rich-text array.
fn inline(rich_text: &Value) -> String {
    let Some(items) = rich_text.as_array() else {
        return String::new();
    };
    let mut out = String::new();
    for item in items {
        let annotations = &item["annotations"];
        let mut text = match item["type"].as_str() {
            Some("equation") => format!(
                "${}$",
                item["equation"]["expression"].as_str().unwrap_or("")
            ),
            _ if annotations["code"] == true => {
                item["plain_text"].as_str().unwrap_or("").to_owned()
            }
            _ => escape(item["plain_text"].as_str().unwrap_or("")),
        };
        if text.is_empty() {
            continue;
        }
        for (flag, mark) in [
            ("code", "`"),
            ("bold", "**"),
            ("italic", "*"),
            ("strikethrough", "~~"),
        ] {
            if annotations[flag] == true {
                text = format!("{mark}{text}{mark}");
            }
        }
        if let Some(url) = item["href"].as_str() {
            text = format!("[{text}]({url})");
        }
        out.push_str(&text);
    }
    out
}

/// Text with the characters inline markdown gives a meaning to escaped by a backslash.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '`' | '~' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One top-level piece of parsed markdown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A block request (`{"type": kind, kind: {..}}`, children nested inside).
    Block(Value),
    /// A `<page>`, `<database>` or `<unknown>` tag naming an existing object by its URL.
    Existing(Uuid),
}

/// Parses markdown into top-level nodes. Never fails: any text is markdown.
pub(crate) fn parse(markdown: &str) -> Vec<Node> {
    let mut flat: Vec<(usize, FlatNode)> = Vec::new();
    let mut lines = markdown.lines();
    while let Some(raw) = lines.next() {
        let (depth, line) = split_indent(raw);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(language) = line.strip_prefix("```") {
            let mut body = Vec::new();
            for code_line in lines.by_ref() {
                let (_, stripped) = split_indent_upto(code_line, depth);
                if stripped.trim_end() == "```" {
                    break;
                }
                body.push(stripped);
            }
            let language = match language.trim() {
                "" => "plain text",
                other => other,
            };
            flat.push((
                depth,
                FlatNode::Block(block(
                    "code",
                    json!({ "rich_text": text_items(&body.join("\n")), "language": language }),
                )),
            ));
            continue;
        }
        flat.push((depth, parse_line(line.trim_end())));
    }
    nest(flat)
}

#[derive(Debug)]
enum FlatNode {
    Block(Value),
    Existing(Uuid),
}

impl FlatNode {
    fn is_paragraph(&self) -> bool {
        matches!(self, FlatNode::Block(block) if block["type"] == "paragraph")
    }
}

/// One non-code line as a node.
fn parse_line(line: &str) -> FlatNode {
    if ["<page ", "<database ", "<unknown "]
        .iter()
        .any(|tag| line.starts_with(tag))
        && let Some(id) = id_in_url(line)
    {
        return FlatNode::Existing(id);
    }
    let text_block = |kind: &str, text: &str| block(kind, json!({ "rich_text": rich_text(text) }));
    let node = if line == "<empty-block/>" {
        text_block("paragraph", "")
    } else if matches!(line, "---" | "***" | "___") {
        block("divider", json!({}))
    } else if let Some(rest) = line.strip_prefix("### ") {
        text_block("heading_3", rest)
    } else if let Some(rest) = line.strip_prefix("## ") {
        text_block("heading_2", rest)
    } else if let Some(rest) = line.strip_prefix("# ") {
        text_block("heading_1", rest)
    } else if line.starts_with("####") {
        text_block("heading_3", line.trim_start_matches('#').trim_start())
    } else if let Some(rest) = line
        .strip_prefix("- [ ] ")
        .or_else(|| line.strip_prefix("- [x] ").or(line.strip_prefix("- [X] ")))
    {
        let checked = !line.starts_with("- [ ]");
        block(
            "to_do",
            json!({ "rich_text": rich_text(rest), "checked": checked }),
        )
    } else if let Some(rest) = ["- ", "* ", "+ "]
        .iter()
        .find_map(|bullet| line.strip_prefix(bullet))
    {
        text_block("bulleted_list_item", rest)
    } else if let Some(rest) = numbered_item(line) {
        text_block("numbered_list_item", rest)
    } else if let Some(rest) = line.strip_prefix("> ").or(line.strip_prefix(">")) {
        text_block("quote", rest)
    } else {
        text_block("paragraph", line)
    };
    FlatNode::Block(node)
}

/// The text after `12. ` when `line` is a numbered list item.
fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
}

/// The last 32-hex-digit run in a tag's `url` (Notion URLs end in the object's id).
fn id_in_url(line: &str) -> Option<Uuid> {
    let url = line.split("url=\"").nth(1)?.split('"').next()?;
    let hex: Vec<char> = url.chars().collect();
    (0..hex.len().saturating_sub(31))
        .rev()
        .map(|start| hex[start..start + 32].iter().collect::<String>())
        .find_map(|candidate| Uuid::try_parse(&candidate).ok())
}

fn block(kind: &str, content: Value) -> Value {
    let mut out = json!({ "type": kind });
    out[kind] = content;
    out
}

/// Indentation depth (a tab or two spaces per level) and the rest of the line.
fn split_indent(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut spaces = 0;
    for (i, c) in line.char_indices() {
        match c {
            '\t' => depth += 1,
            ' ' => {
                spaces += 1;
                if spaces == 2 {
                    depth += 1;
                    spaces = 0;
                }
            }
            _ => return (depth, &line[i..]),
        }
    }
    (depth, "")
}

/// Strips at most `depth` levels of indentation (code keeps its own deeper indentation).
fn split_indent_upto(line: &str, depth: usize) -> (usize, &str) {
    let mut rest = line;
    for level in 0..depth {
        if let Some(r) = rest.strip_prefix('\t').or_else(|| rest.strip_prefix("  ")) {
            rest = r;
        } else {
            return (level, rest);
        }
    }
    (depth, rest)
}

/// Folds `(depth, node)` lines into trees: a line one level deeper than the previous one is
/// its child. Deeper jumps are clamped, as is anything past [`MAX_MARKDOWN_DEPTH`]; tags of
/// existing objects only count at the top level.
fn nest(flat: Vec<(usize, FlatNode)>) -> Vec<Node> {
    // stack[d] holds the pending siblings at depth d; the last one of each is the parent of
    // the level below.
    let mut top: Vec<Node> = Vec::new();
    let mut stack: Vec<Vec<Value>> = Vec::new();
    for (depth, node) in flat {
        let max_depth = stack.len().min(MAX_MARKDOWN_DEPTH);
        let depth = depth.min(max_depth);
        while stack.len() > depth + 1 {
            close(&mut stack);
        }
        if depth == 0 {
            flush(&mut stack, &mut top);
        }
        match node {
            FlatNode::Existing(id) if depth == 0 => top.push(Node::Existing(id)),
            FlatNode::Existing(_) => {}
            FlatNode::Block(value) => {
                if stack.len() == depth {
                    stack.push(Vec::new());
                }
                stack[depth].push(value);
            }
        }
    }
    flush(&mut stack, &mut top);
    top
}

/// Makes the deepest pending level the `children` of the last block one level up.
fn close(stack: &mut Vec<Vec<Value>>) {
    let Some(children) = stack.pop() else {
        return;
    };
    if let Some(parent) = stack.last_mut().and_then(|level| level.last_mut())
        && let Some(kind) = parent["type"].as_str().map(str::to_owned)
    {
        parent[kind.as_str()]["children"] = Value::Array(children);
    }
}

/// Moves every pending block (with its nested children) to the top-level output.
fn flush(stack: &mut Vec<Vec<Value>>, top: &mut Vec<Node>) {
    while stack.len() > 1 {
        close(stack);
    }
    if let Some(level) = stack.pop() {
        top.extend(level.into_iter().map(Node::Block));
    }
}

/// Plain text as request rich text (no inline markdown: code bodies), split at 2,000 chars.
fn text_items(text: &str) -> Value {
    Value::Array(
        chunks(text)
            .map(|c| json!({ "text": { "content": c } }))
            .collect(),
    )
}

fn chunks(text: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().div_ceil(MAX_TEXT_CHARS);
    (0..n).map(move |i| {
        chars[i * MAX_TEXT_CHARS..((i + 1) * MAX_TEXT_CHARS).min(chars.len())]
            .iter()
            .collect()
    })
}

/// The annotations an inline span carries.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    bold: bool,
    italic: bool,
    strikethrough: bool,
    code: bool,
}

/// Inline markdown as request rich text.
fn rich_text(text: &str) -> Value {
    let mut items = Vec::new();
    let mut marks = Marks::default();
    let mut current = String::new();
    let mut rest = text;
    let push = |items: &mut Vec<Value>, content: &str, marks: Marks, link: Option<&str>| {
        for chunk in chunks(content) {
            items.push(json!({
                "text": { "content": chunk, "link": link.map(|url| json!({ "url": url })) },
                "annotations": {
                    "bold": marks.bold, "italic": marks.italic,
                    "strikethrough": marks.strikethrough, "code": marks.code,
                },
            }));
        }
    };
    while let Some(c) = rest.chars().next() {
        // A backslash makes the next character plain text (outside code spans).
        if c == '\\'
            && !marks.code
            && let Some(next) = rest[1..].chars().next()
        {
            current.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        let toggle = if marks.code {
            rest.starts_with('`').then_some(("`", 1))
        } else if rest.starts_with("**") {
            Some(("**", 2))
        } else if rest.starts_with("~~") {
            Some(("~~", 2))
        } else if rest.starts_with('*') {
            Some(("*", 1))
        } else if rest.starts_with('`') {
            Some(("`", 1))
        } else {
            None
        };
        if let Some((mark, len)) = toggle {
            push(&mut items, &current, marks, None);
            current.clear();
            match mark {
                "**" => marks.bold = !marks.bold,
                "~~" => marks.strikethrough = !marks.strikethrough,
                "*" => marks.italic = !marks.italic,
                _ => marks.code = !marks.code,
            }
            rest = &rest[len..];
            continue;
        }
        if c == '['
            && !marks.code
            && let Some((label, url, after)) = link(rest)
        {
            push(&mut items, &current, marks, None);
            current.clear();
            push(&mut items, label, marks, Some(url));
            rest = after;
            continue;
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push(&mut items, &current, marks, None);
    Value::Array(items)
}

/// `[label](url)` at the start of `text`: the label, the URL and what follows.
fn link(text: &str) -> Option<(&str, &str, &str)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    let after_label = &text[close + 2..];
    let end = after_label.find(')')?;
    (!label.contains('[')).then(|| (label, &after_label[..end], &after_label[end + 1..]))
}

/// The blocks of parsed markdown, dropping tags of existing objects (for new pages).
pub(crate) fn blocks_only(nodes: Vec<Node>) -> Value {
    Value::Array(
        nodes
            .into_iter()
            .filter_map(|node| match node {
                Node::Block(block) => Some(block),
                Node::Existing(_) => None,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(markdown: &str) -> Vec<Value> {
        blocks_only(parse(markdown)).as_array().cloned().unwrap()
    }

    fn kinds(markdown: &str) -> Vec<String> {
        blocks(markdown)
            .iter()
            .map(|b| b["type"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn every_supported_line_becomes_its_block_type() {
        let markdown = "# One\n## Two\n### Three\n- bullet\n1. numbered\n- [ ] open\n- [x] done\n> quote\n---\ntext\n<empty-block/>";
        assert_eq!(
            kinds(markdown),
            [
                "heading_1",
                "heading_2",
                "heading_3",
                "bulleted_list_item",
                "numbered_list_item",
                "to_do",
                "to_do",
                "quote",
                "divider",
                "paragraph",
                "paragraph"
            ]
        );
        assert_eq!(blocks(markdown)[6]["to_do"]["checked"], true);
    }

    #[test]
    fn blank_lines_only_separate_blocks() {
        assert_eq!(
            kinds("## New Section\n\nHello from markdown."),
            ["heading_2", "paragraph"]
        );
    }

    #[test]
    fn code_fences_keep_their_language_and_lines() {
        let parsed = blocks("```rust\nfn main() {\n\n}\n```\nafter");
        assert_eq!(parsed[0]["code"]["language"], "rust");
        assert_eq!(
            parsed[0]["code"]["rich_text"][0]["text"]["content"],
            "fn main() {\n\n}"
        );
        assert_eq!(parsed[1]["type"], "paragraph");
    }

    #[test]
    fn indented_lines_nest_under_the_line_above() {
        let parsed = blocks("- a\n\t- b\n\t\t- c\n- d");
        assert_eq!(parsed.len(), 2);
        let b = &parsed[0]["bulleted_list_item"]["children"][0];
        assert_eq!(
            b["bulleted_list_item"]["rich_text"][0]["text"]["content"],
            "b"
        );
        let c = &b["bulleted_list_item"]["children"][0];
        assert_eq!(
            c["bulleted_list_item"]["rich_text"][0]["text"]["content"],
            "c"
        );
    }

    #[test]
    fn inline_marks_and_links_become_annotations() {
        let text = rich_text("a **b** *c* `d*` [e](https://x.test)");
        let items = text.as_array().unwrap();
        let find = |content: &str| {
            items
                .iter()
                .find(|i| i["text"]["content"] == content)
                .unwrap()
        };
        assert_eq!(find("b")["annotations"]["bold"], true);
        assert_eq!(find("c")["annotations"]["italic"], true);
        assert_eq!(find("d*")["annotations"]["code"], true);
        assert_eq!(find("e")["text"]["link"]["url"], "https://x.test");
    }

    #[test]
    fn text_over_2000_chars_is_split_into_several_items() {
        let long = "x".repeat(4500);
        let text = rich_text(&long);
        assert_eq!(text.as_array().unwrap().len(), 3);
    }

    #[test]
    fn page_tags_name_existing_objects() {
        let id = Uuid::new_v4();
        let line = format!("<page url=\"{}\">Child</page>", notion_url("Child", id));
        assert_eq!(parse(&line), [Node::Existing(id)]);
    }

    #[test]
    fn escaped_characters_read_back_as_plain_text() {
        let escaped = escape("5 * 3 = `x` [y] ~z~ \\");
        let text = rich_text(&escaped);
        assert_eq!(text.as_array().unwrap().len(), 1, "{text}");
        assert_eq!(text[0]["text"]["content"], "5 * 3 = `x` [y] ~z~ \\");
    }

    #[test]
    fn a_paragraph_that_looks_like_another_block_reads_back_as_a_paragraph() {
        let parsed = blocks("\\# not a heading\n\\- not a bullet");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0]["type"], "paragraph");
        assert_eq!(
            parsed[0]["paragraph"]["rich_text"][0]["text"]["content"],
            "# not a heading"
        );
        assert_eq!(
            parsed[1]["paragraph"]["rich_text"][0]["text"]["content"],
            "- not a bullet"
        );
    }

    #[test]
    fn inline_renders_annotations_and_links() {
        let mut bold = richtext::text_item("b");
        bold["annotations"]["bold"] = json!(true);
        let mut linked = richtext::text_item("l");
        linked["href"] = json!("https://x.test");
        assert_eq!(
            inline(&json!([richtext::text_item("a "), bold, linked])),
            "a **b**[l](https://x.test)"
        );
    }
}
