//! `&text[range]` without the cost of its panic message.
//!
//! A `str` slice off a character boundary panics with a message that
//! formats the text's characters and the range: that alone links core's
//! `char` and range formatting and its Unicode tables, about 10 KB of the
//! wasm. The ranges sliced here fall on boundaries their callers found;
//! should one not, [`slice`] panics with a fixed message instead (in the
//! package's wasm, a trap either way).

use core::slice::SliceIndex;

/// `&text[range]`, for a range on character boundaries.
pub fn slice<R: SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    match text.get(range) {
        Some(part) => part,
        None => panic!("a str slice off a character boundary"),
    }
}

#[cfg(test)]
mod tests {
    use super::slice;

    #[test]
    fn a_range_on_boundaries_is_the_slice() {
        assert_eq!(slice("é$top", 2..), "$top");
        assert_eq!(slice("é$top", ..2), "é");
        assert_eq!(slice("é$top", 3..6), "top");
    }

    #[test]
    #[should_panic(expected = "a str slice off a character boundary")]
    fn a_range_inside_a_character_panics_with_the_fixed_message() {
        slice("é$top", 1..);
    }
}
