# careen tools, group "customize": programs, sources, man pages.
