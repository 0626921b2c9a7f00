// The namespaces most files of this project use: settings (options and their validation), the hosting place's
// names (rate-limit policies, recurring-job schedules), and MVC for the Razor Pages in every feature folder.
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.Extensions.Options;
global using PaperMail.Core.Configuration;
global using PaperMail.Web.Configuration;
global using PaperMail.Web.Hosting;
