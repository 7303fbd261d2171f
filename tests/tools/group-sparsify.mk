# careen tool tests, group "sparsify".
