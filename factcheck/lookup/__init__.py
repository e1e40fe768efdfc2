"""Reference lookups: fetch a page, find the claim's number in any written form, judge it."""
