# careen tool tests, group "b".
