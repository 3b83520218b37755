"""django-viewflow flows and their task views: see the quarterly review issue."""
