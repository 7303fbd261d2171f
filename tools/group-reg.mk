# careen tools, group "reg": programs, sources, man pages.
