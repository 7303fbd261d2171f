# careen tools, group "inspect": programs, sources, man pages.
