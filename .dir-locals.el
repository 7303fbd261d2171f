((c-mode . ((c-file-style . "gnu")
            (c-basic-offset . 2)
            (indent-tabs-mode . nil)
            (fill-column . 80))))
