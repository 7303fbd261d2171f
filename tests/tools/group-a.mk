# careen tool tests, group "a".
