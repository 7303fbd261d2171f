# careen tool tests, group "customize".
