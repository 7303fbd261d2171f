# careen tool tests, group "sysprep".
