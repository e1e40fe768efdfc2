from factcheck.cli import app

app()
