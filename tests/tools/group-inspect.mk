# careen tool tests, group "inspect".
