# careen tool tests, group "resize".
