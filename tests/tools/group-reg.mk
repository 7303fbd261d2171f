# careen tool tests, group "reg".
