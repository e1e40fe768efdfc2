"""Load articles: text, Markdown and HTML files, standard input, URLs."""
