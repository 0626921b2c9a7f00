// Every feature maps its endpoints with the hosting place's rate-limit policies; its names are in scope everywhere.
global using PaperMail.Web.Hosting;
