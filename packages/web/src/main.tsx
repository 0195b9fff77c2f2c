import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n/index.js";
import { App } from "./App.js";

const root = document.getElementById("root");
if (!root) throw new Error("#root element missing in index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
