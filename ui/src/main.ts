import "./styles.scss";
import { mount } from "svelte";
import App from "./App.svelte";
import { startMark } from "./shared/backend";

startMark("script");
document.body.classList.add("js-enabled", "govuk-frontend-supported");
const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
export default mount(App, { target });
