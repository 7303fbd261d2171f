# careen tools, group "sysprep": programs, sources, man pages.
