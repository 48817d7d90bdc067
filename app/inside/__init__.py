"""The Inside tab: the article's three steps on the user's own drawing."""
